import pytest
from django.contrib.auth import get_user_model
from oscar.apps.basket.models import Basket
from oscar.apps.partner.strategy import Selector
from oscar.test.factories import create_order

from storefront.checkout.placement import record_certificates
from tests.factories import CertificateFactory, PartnerFactory, ProductFactory

User = get_user_model()
PASSWORD = "mat-khau-rat-dai"


def make_user(email: str, **extra):
    user = User.objects.create_user(username=email.split("@")[0], email=email,
                                    password=PASSWORD, **extra)
    return user


@pytest.fixture
def shopper(db):
    return make_user("lan@example.vn", first_name="Lan", last_name="Nguyễn Thị")


@pytest.fixture
def other(db):
    return make_user("hung@example.vn")


@pytest.fixture
def shopper_client(client, shopper):
    client.force_login(shopper)
    return client


@pytest.fixture
def showroom(db):
    return PartnerFactory(name="Trung tâm OCOP Hòa Bình", slug="ocop-hoa-binh",
                          province_code="25")


def certified_product(showroom, *, title="Bưởi đỏ Tân Lạc", certificate_no=None):
    product = ProductFactory(title=title, stock={"partner": showroom, "num_in_stock": 500})
    CertificateFactory(product=product, **({"certificate_no": certificate_no}
                                           if certificate_no else {}))
    return product


def place_order(user, products, *, number=None, status="Đang chuẩn bị"):
    """An order placed by Oscar's OrderCreator (stock held through the ledger), with
    the certificate each line was sold under, as checkout records it."""
    basket = Basket.objects.create(owner=user)
    basket.strategy = Selector().strategy(user=user)
    for product in products:
        basket.add_product(product, 1)
    order = create_order(number=number, basket=basket, user=user, status=status)
    record_certificates(order)
    return order
