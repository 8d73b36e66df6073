"""Delivery options: weight-and-province rates, click & collect where the whole
basket is held, and the stock record the pricing strategy sells from."""

from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.apps.basket.models import Basket

from shops.ledger import reserve
from shops.strategy import OcopStrategy
from storefront.shipping.models import WeightBased
from storefront.shipping.repository import Repository
from storefront.shipping.selectors import basket_needs, showrooms_holding
from tests.factories import CertificateFactory, PartnerFactory, ProductFactory, StockRecordFactory

from .conftest import guest_to_address, post_address


def certified(**kwargs):
    product = ProductFactory(**kwargs)
    CertificateFactory(product=product)
    return product


def basket_of(*lines):
    basket = Basket.objects.create()
    basket.strategy = OcopStrategy()
    for product, quantity in lines:
        basket.add_product(product, quantity)
    return basket


class Address:
    def __init__(self, province_name):
        self.line4 = province_name


@pytest.fixture
def quang_ninh_card(db):
    card = WeightBased.objects.create(name="Giao nhanh Quảng Ninh", code="qn",
                                      province_codes="22", default_weight=Decimal("1"))
    card.bands.create(upper_limit=Decimal("2"), charge=Decimal("20000"))
    card.bands.create(upper_limit=Decimal("5"), charge=Decimal("35000"))
    return card


def test_nationwide_card_comes_from_the_migration(db):
    card = WeightBased.objects.get(code="giao-hang-tan-noi")
    assert card.provinces == [] and card.bands.count() == 5


def test_rate_by_weight_and_destination_province(groups, showroom, quang_ninh_card):
    heavy = certified(weight_grams=1500, stock={"partner": showroom})
    basket = basket_of((heavy, 2))  # 3 kg
    (method,) = [m for m in Repository().get_shipping_methods(basket, Address("Quảng Ninh"))
                 if not m.code.startswith("pickup-")]
    assert method == quang_ninh_card
    assert method.calculate(basket).incl_tax == Decimal("35000")
    # Hà Nội has no card of its own: the nationwide card, 3 kg -> 45.000 ₫.
    (method,) = [m for m in Repository().get_shipping_methods(basket, Address("Hà Nội"))
                 if not m.code.startswith("pickup-")]
    assert method.code == "giao-hang-tan-noi"
    assert method.calculate(basket).incl_tax == Decimal("45000")


def test_product_without_weight_weighs_the_default(groups, showroom, quang_ninh_card):
    light = certified(weight_grams=None, stock={"partner": showroom})
    basket = basket_of((light, 3))  # 3 × default 1 kg
    assert quang_ninh_card.calculate(basket).incl_tax == Decimal("35000")


def test_click_and_collect_only_where_the_whole_basket_is_held(
    groups, django_assert_max_num_queries
):
    ha_long = PartnerFactory(name="Điểm bán Hạ Long", province_code="22")
    uong_bi = PartnerFactory(name="Điểm bán Uông Bí", province_code="22")
    hanoi = PartnerFactory(name="Điểm bán Hà Nội", province_code="01")
    warehouse = PartnerFactory(name="Kho", is_showroom=False)
    cha_muc = certified(stock={"partner": ha_long, "num_in_stock": 3})
    tra = certified(stock={"partner": ha_long, "num_in_stock": 1})
    for partner in (uong_bi, hanoi):
        StockRecordFactory(product=cha_muc, partner=partner, num_in_stock=5)
        StockRecordFactory(product=tra, partner=partner, num_in_stock=5)
    StockRecordFactory(product=tra, partner=warehouse, num_in_stock=50)
    StockRecordFactory(product=cha_muc, partner=warehouse, num_in_stock=50)
    # Uông Bí holds the tea but only one unit is free of its five.
    reserve(tra.stockrecords.get(partner=uong_bi).pk, 4, key="another-checkout")

    basket = basket_of((cha_muc, 2), (tra, 2))
    needs = basket_needs(basket)
    with django_assert_max_num_queries(2):
        showrooms = showrooms_holding(needs, province_code="01")
    assert showrooms == [hanoi]  # Hạ Long: 1 tea; Uông Bí: 1 free; warehouse: no pickup

    codes = [m.code for m in Repository().get_shipping_methods(basket, Address("Hà Nội"))]
    assert codes == ["giao-hang-tan-noi", f"pickup-{hanoi.pk}"]


def test_nearest_showrooms_first(groups):
    far = PartnerFactory(name="A Hà Nội", province_code="01")
    near = PartnerFactory(name="Z Hạ Long", province_code="22")
    product = certified(stock={"partner": far})
    StockRecordFactory(product=product, partner=near)
    assert showrooms_holding({product.pk: 1}, province_code="22") == [near, far]
    assert showrooms_holding({product.pk: 1}, province_code="01") == [far, near]


def test_strategy_sells_from_the_warehouse_while_it_holds_stock(groups):
    showroom = PartnerFactory(name="Điểm bán", province_code="22")
    big_showroom = PartnerFactory(name="Điểm bán lớn", province_code="22")
    warehouse = PartnerFactory(name="Kho trực tuyến", is_showroom=False)
    product = certified(stock={"partner": showroom, "num_in_stock": 5})
    StockRecordFactory(product=product, partner=big_showroom, num_in_stock=9)
    in_warehouse = StockRecordFactory(product=product, partner=warehouse, num_in_stock=1)
    assert OcopStrategy().fetch_for_product(product).stockrecord == in_warehouse

    reserve(in_warehouse.pk, 1, key="the-last-one")
    info = OcopStrategy().fetch_for_product(product)
    assert info.stockrecord.partner == big_showroom
    assert info.availability.is_available_to_buy


def test_delivery_step_lists_options_with_prices(client, product, showroom):
    guest_to_address(client, product)
    post_address(client, province="25")
    page = client.get(reverse("checkout:shipping-method"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Giao hàng tận nơi" in html and "30.000" in html
    assert f"Nhận tại {showroom.name}" in html and "Miễn phí" in html

    response = client.post(reverse("checkout:shipping-method"),
                           {"method_code": f"pickup-{showroom.pk}"})
    assert response.status_code == 302
    forged = client.post(reverse("checkout:shipping-method"), {"method_code": "pickup-999999"})
    assert forged.status_code == 200 and client.session["checkout_data"]["shipping"][
        "method_code"] == f"pickup-{showroom.pk}"
