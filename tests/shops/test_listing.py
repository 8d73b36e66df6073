"""Listing products for sale: price and stock per showroom (``shops.services``),
publishing the product through ``catalogue.listing`` in the same transaction."""

from decimal import Decimal

import pytest

from catalogue.models import Product, ProductImage
from shops.models import StockRecord
from shops.services import Listing, ListingError, product_list_for_sale, products_list_for_sale
from tests.factories import CertificateFactory, PartnerFactory, ProductFactory


@pytest.fixture
def unlisted(groups):
    certificate = CertificateFactory(product=ProductFactory(is_public=False, stock=False))
    return certificate.product


def test_listing_makes_a_product_public_priced_and_stocked(unlisted):
    ha_long, van_don = PartnerFactory(), PartnerFactory()
    assert not Product.objects.browsable().filter(pk=unlisted.pk).exists()
    product = product_list_for_sale(
        product=unlisted, price=Decimal("125000"), stock={ha_long: 12, van_don: 0},
        description="Chả mực giã tay.",
    )
    assert product.is_public and product.description == "Chả mực giã tay."
    assert Product.objects.browsable().filter(pk=product.pk).exists()
    assert sorted(StockRecord.objects.filter(product=product).values_list(
        "partner_id", "num_in_stock", "price", "price_currency")) == sorted(
        [(ha_long.pk, 12, Decimal("125000"), "VND"), (van_don.pk, 0, Decimal("125000"), "VND")]
    )
    # Listing again with a new price updates in place; unnamed showrooms keep their stock.
    product_list_for_sale(product=product, price=Decimal("130000"), stock={ha_long: 3})
    assert StockRecord.objects.filter(product=product).count() == 2
    assert StockRecord.objects.get(product=product, partner=ha_long).price == Decimal("130000")
    assert StockRecord.objects.get(product=product, partner=van_don).num_in_stock == 0


def test_listing_adds_a_picture_once_and_a_new_one_becomes_primary(unlisted):
    from catalogue.demo.images import product_image

    showroom = PartnerFactory()
    first = product_image(name="Chả mực Hạ Long", group="food")
    for _ in range(2):
        product_list_for_sale(product=unlisted, price=Decimal("90000"), stock={showroom: 5},
                              image=first)
    assert ProductImage.objects.filter(product=unlisted).count() == 1
    second = product_image(name="Chả mực Hạ Long", group="food", seed="other")
    product_list_for_sale(product=unlisted, price=Decimal("90000"), stock={showroom: 5},
                          image=second)
    primary = unlisted.primary_image()
    assert primary.original.read() == second
    assert ProductImage.objects.filter(product=unlisted).count() == 2


@pytest.mark.parametrize(
    "price, quantity, message",
    [
        (Decimal("125000.50"), 1, "no minor unit"),
        (Decimal("0"), 1, "above 0"),
        (125000, 1, "Decimal"),
        (Decimal("125000"), None, "at least one showroom"),
        (Decimal("125000"), -1, "≥ 0"),
    ],
)
def test_listing_refuses_bad_input_and_writes_nothing(unlisted, price, quantity, message):
    showroom = PartnerFactory()
    good = ProductFactory(is_public=False, stock=False)
    stock = {} if quantity is None else {showroom: quantity}
    listings = [
        Listing(product=good, price=Decimal("50000"), stock={showroom: 1}),
        Listing(product=unlisted, price=price, stock=stock),
    ]
    with pytest.raises(ListingError, match=message) as error:
        products_list_for_sale(listings=listings)
    assert unlisted.code in str(error.value)
    assert not StockRecord.objects.filter(product__in=[good, unlisted]).exists()
    assert not Product.objects.filter(pk__in=[good.pk, unlisted.pk], is_public=True).exists()


def test_listing_a_batch_costs_a_bounded_number_of_queries(groups, django_assert_max_num_queries):
    from catalogue.demo.images import product_image

    showrooms = [PartnerFactory() for _ in range(3)]
    products = [ProductFactory(is_public=False, stock=False) for _ in range(40)]
    picture = product_image(name="Miến dong Bình Liêu", group="food")
    listings = [
        Listing(product=p, price=Decimal("45000"), stock={s: 4 for s in showrooms[: i % 3 + 1]},
                description="Miến dong.", image=picture)
        for i, p in enumerate(products)
    ]
    with django_assert_max_num_queries(12):
        result = products_list_for_sale(listings=listings)
    assert result.images_created == 40
    assert result.stockrecords_created == sum(len(lst.stock) for lst in listings)
