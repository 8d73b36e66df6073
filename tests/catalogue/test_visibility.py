"""The one sellability rule (registry contract §2), with frozen time in Vietnam."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from catalogue.models import Certificate, Product
from catalogue.selectors import product_is_sellable, shown_certificate
from catalogue.validity import certificate_state, local_today
from tests.factories import CertificateFactory, ProductFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")
EXPIRES = dt.date(2026, 10, 15)

pytestmark = pytest.mark.django_db


def at(year, month, day, hour=0, minute=0):
    return time_machine.travel(dt.datetime(year, month, day, hour, minute, tzinfo=VN), tick=False)


def browsable_ids():
    return set(Product.objects.browsable().values_list("pk", flat=True))


@pytest.fixture
def certificate():
    return CertificateFactory(issued_on=dt.date(2023, 10, 15), expires_on=EXPIRES)


def test_valid_through_the_whole_expiry_day_and_hidden_at_the_next_local_midnight(certificate):
    product = certificate.product
    with at(2026, 10, 15, 23, 59):
        assert product.pk in browsable_ids()
    with at(2026, 10, 16, 0, 0):
        assert product.pk not in browsable_ids()


def test_local_date_not_utc_decides(certificate):
    # 17:00 UTC on the expiry day is already 00:00 of the next day in Vietnam.
    with time_machine.travel(dt.datetime(2026, 10, 15, 16, 59, tzinfo=dt.UTC), tick=False):
        assert local_today() == EXPIRES
        assert certificate.product.pk in browsable_ids()
    with time_machine.travel(dt.datetime(2026, 10, 15, 17, 0, tzinfo=dt.UTC), tick=False):
        assert local_today() == EXPIRES + dt.timedelta(days=1)
        assert certificate.product.pk not in browsable_ids()


def test_issue_date_in_the_future_is_not_yet_valid():
    certificate = CertificateFactory(
        issued_on=dt.date(2026, 12, 1), expires_on=dt.date(2029, 12, 1)
    )
    with at(2026, 11, 30, 23, 59):
        assert certificate.product.pk not in browsable_ids()
        assert certificate_state(certificate, local_today()) == "not_yet_valid"
    with at(2026, 12, 1, 0, 0):
        assert certificate.product.pk in browsable_ids()
        assert certificate_state(certificate, local_today()) == "active"


@pytest.mark.parametrize("status", [Certificate.Status.REVOKED, Certificate.Status.SUSPENDED])
def test_revoked_or_suspended_hides_within_dates(status):
    certificate = CertificateFactory(status=status, revoked_on=local_today())
    assert certificate.product.pk not in browsable_ids()
    assert certificate.state() == status


def test_not_public_product_is_not_browsable_even_if_certified():
    certificate = CertificateFactory(product=ProductFactory(is_public=False))
    assert certificate.product.pk not in browsable_ids()


def test_recertified_product_shows_stars_of_newest_valid_certificate():
    product = ProductFactory()
    CertificateFactory(
        product=product, stars=3, issued_on=dt.date(2022, 1, 10), expires_on=dt.date(2025, 1, 10)
    )
    CertificateFactory(
        product=product,
        stars=5,
        level="national",
        issued_on=dt.date(2025, 1, 5),
        expires_on=dt.date(2028, 1, 5),
    )
    with at(2026, 11, 24, 12):
        annotated = Product.objects.browsable().with_certificate().get(pk=product.pk)
        assert annotated.ocop_stars == 5
        assert shown_certificate(product).stars == 5


def test_two_valid_certificates_newest_issue_date_wins_even_with_fewer_stars():
    product = ProductFactory()
    CertificateFactory(
        product=product,
        stars=5,
        level="national",
        issued_on=dt.date(2024, 1, 1),
        expires_on=dt.date(2027, 1, 1),
    )
    CertificateFactory(
        product=product, stars=3, issued_on=dt.date(2025, 6, 1), expires_on=dt.date(2028, 6, 1)
    )
    with at(2026, 11, 24, 12):
        assert Product.objects.with_certificate().get(pk=product.pk).ocop_stars == 3


def test_old_expired_and_new_not_yet_valid_leaves_a_gap():
    product = ProductFactory()
    CertificateFactory(
        product=product, issued_on=dt.date(2023, 1, 1), expires_on=dt.date(2026, 1, 1)
    )
    CertificateFactory(
        product=product, issued_on=dt.date(2026, 2, 1), expires_on=dt.date(2029, 2, 1)
    )
    with at(2026, 1, 15, 12):
        assert product.pk not in browsable_ids()
    with at(2026, 2, 1, 0, 0):
        assert product.pk in browsable_ids()


def test_product_is_sellable_agrees_with_the_queryset(certificate):
    product = certificate.product
    with at(2026, 10, 15, 23, 59):
        assert product_is_sellable(Product.objects.get(pk=product.pk))
        listed = Product.objects.browsable().with_certificate().get(pk=product.pk)
        assert product_is_sellable(listed)
    with at(2026, 10, 16, 0, 0):
        assert not product_is_sellable(Product.objects.get(pk=product.pk))
        listed = Product.objects.with_certificate().get(pk=product.pk)
        assert not product_is_sellable(listed)


def test_variant_is_sellable_through_its_certified_parent():
    parent = ProductFactory(structure=Product.PARENT, stock=False)
    child = ProductFactory(
        structure=Product.CHILD,
        parent=parent,
        title="",
        product_class=None,
        producer=None,
        code=None,
        stock=False,
    )
    CertificateFactory(product=parent)
    assert Product.objects.sellable().filter(pk=child.pk).exists()
    assert child.pk not in browsable_ids()  # variants are listed through their parent


def test_variant_of_an_unlisted_parent_is_neither_browsable_nor_sellable_nor_purchasable(
    client, groups
):
    from shops.strategy import Selector

    parent = ProductFactory(structure=Product.PARENT, stock=False, is_public=False)
    child = ProductFactory(
        structure=Product.CHILD,
        parent=parent,
        title="Chả mực Hạ Long – hộp 500 g",
        product_class=None,
        producer=None,
        code=None,
    )
    CertificateFactory(product=parent)  # certified: only the parent's listing is missing
    child = Product.objects.get(pk=child.pk)

    assert not {parent.pk, child.pk} & browsable_ids()
    assert not Product.objects.sellable().filter(pk__in=[parent.pk, child.pk]).exists()
    assert not product_is_sellable(child)
    info = Selector().strategy().fetch_for_product(child)
    assert info.stockrecord is not None  # in stock, yet not for sale
    assert not info.availability.is_available_to_buy
    assert not info.availability.is_purchase_permitted(1)[0]
    assert client.get(child.get_absolute_url()).status_code == 404

    # Listing the parent makes the variant sellable again.
    Product.objects.filter(pk=parent.pk).update(is_public=True)
    assert Product.objects.sellable().filter(pk=child.pk).exists()
    assert Selector().strategy().fetch_for_product(
        Product.objects.get(pk=child.pk)
    ).availability.is_available_to_buy
