import pytest
from django.contrib.auth import get_user_model

from shops.services import dashboard_access_permission
from tests.checkout.conftest import stripe_emulator, stripe_server  # noqa: F401 (fixtures)
from tests.factories import CertificateFactory, PartnerFactory, ProductFactory, StockRecordFactory


@pytest.fixture(autouse=True)
def _migrated_rows(db):
    """The Việt Nam country and delivery rates of the data migrations, which a
    transactional test run before (ours or another app's) flushed."""
    import importlib

    from django.apps import apps

    importlib.import_module("storefront.checkout.migrations.0001_initial").add_vietnam(
        apps, None)
    importlib.import_module(
        "storefront.shipping.migrations.0004_weightbased_province_codes").nationwide_card(
        apps, None)


@pytest.fixture
def showroom(db):
    return PartnerFactory(name="Trung tâm OCOP Hòa Bình", slug="ocop-hoa-binh",
                          province_code="25")


@pytest.fixture
def other_showroom(db):
    return PartnerFactory(name="Điểm bán OCOP Uông Bí", slug="ocop-uong-bi")


@pytest.fixture
def product(groups):
    item = ProductFactory(title="Bưởi đỏ Tân Lạc", stock=False)
    CertificateFactory(product=item, certificate_no="HB-2025-0005")
    return item


@pytest.fixture
def record(product, showroom):
    return StockRecordFactory(product=product, partner=showroom, num_in_stock=5)


@pytest.fixture
def other_record(groups, other_showroom):
    item = ProductFactory(title="Chè Shan tuyết Uông Bí", stock=False)
    CertificateFactory(product=item)
    return StockRecordFactory(product=item, partner=other_showroom, num_in_stock=5,
                              price=200000)


def make_staff(username, showroom=None, *, head_office=False):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@ocop.example.vn", password="x",
        is_staff=head_office)
    if showroom is not None:
        user.user_permissions.add(dashboard_access_permission())
        showroom.users.add(user)
    return user


@pytest.fixture
def staff(showroom):
    return make_staff("nv-hoa-binh", showroom)


@pytest.fixture
def other_staff(other_showroom):
    return make_staff("nv-uong-bi", other_showroom)


@pytest.fixture
def head_office(db):
    """Head office staff, with the permission Oscar's order screens ask of staff."""
    from django.contrib.auth.models import Permission

    user = make_staff("van-phong", head_office=True)
    user.user_permissions.add(Permission.objects.get(codename="view_order",
                                                     content_type__app_label="order"))
    return user
