"""Placing an order: cash on delivery, pay at the showroom, the last certificate
check (frozen time on both sides of the expiry), one order per basket, and never
more orders than units."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from oscar.apps.order.models import Order

from catalogue.validity import OCOP_TZ, local_today
from storefront.checkout import statuses
from storefront.checkout.models import PersonalDataConsent
from tests.factories import CertificateFactory, ProductFactory, StockRecordFactory

from .conftest import place, to_preview


def test_guest_cash_on_delivery_from_the_online_warehouse(client, product, warehouse):
    in_warehouse = StockRecordFactory(product=product, partner=warehouse, num_in_stock=3)
    to_preview(client, product, payment="cod")
    preview = client.get(reverse("checkout:preview"))
    html = preview.content.decode()
    assert "Thanh toán khi nhận hàng" in html and "30.000" in html and "Đặt hàng" in html

    response = place(client)
    assert response.status_code == 302 and response["Location"] == reverse("checkout:thank-you")
    order = Order.objects.get()
    assert order.status == statuses.PREPARING
    assert order.total_incl_tax == Decimal("155000")  # 125.000 + 30.000 delivery
    line = order.lines.get()
    assert line.partner == warehouse and line.stockrecord == in_warehouse
    in_warehouse.refresh_from_db()
    assert in_warehouse.num_allocated == 1
    assert order.shipping_address.country_id == "VN"
    assert str(order.shipping_address.phone_number) == "+84912345678"
    assert PersonalDataConsent.objects.get().order_number == order.number

    page = client.get(reverse("checkout:thank-you")).content.decode()
    assert "HB-2025-0005" in page
    assert "http://testserver/verify/HB-2025-0005/" in page
    assert "Thanh toán khi nhận hàng" in page


def test_confirmation_links_use_site_url(client, product, settings):
    settings.SITE_URL = "https://ocop.example.vn"
    to_preview(client, product)
    place(client)
    page = client.get(reverse("checkout:thank-you")).content.decode()
    assert 'href="https://ocop.example.vn/verify/HB-2025-0005/"' in page


def test_click_and_collect_paid_at_the_showroom_is_fulfilled_there(
    client, product, showroom, warehouse
):
    StockRecordFactory(product=product, partner=warehouse, num_in_stock=3)
    to_preview(client, product, method=showroom, payment="showroom")
    place(client)
    line = Order.objects.get().lines.get()
    assert line.partner == showroom
    assert line.stockrecord.num_allocated == 1
    assert Order.objects.get().shipping_incl_tax == 0


def test_cash_on_delivery_above_the_limit_is_not_offered(client, product, settings):
    settings.OCOP_COD_MAX_ORDER_VND = 100000
    with pytest.raises(AssertionError):
        to_preview(client, product, payment="cod")
    page = client.get(reverse("checkout:payment-method")).content.decode()
    assert "Thanh toán khi nhận hàng" not in page and "Thẻ ngân hàng" in page
    assert not Order.objects.exists()


def test_pay_at_showroom_needs_click_and_collect(client, product):
    with pytest.raises(AssertionError):
        to_preview(client, product, payment="showroom")


def test_double_submit_places_one_order(client, product):
    to_preview(client, product)
    first = place(client)
    second = place(client)
    assert first.status_code == 302 and second.status_code == 302
    assert Order.objects.count() == 1
    assert product.stockrecords.get().num_allocated == 1


def test_the_last_unit_sells_once(client, product):
    """Three shoppers reach the preview for 5 units (4 + 1 + 1): the third is
    refused with the reason and nothing is allocated for it."""
    from django.contrib.messages import get_messages
    from django.test import Client

    first, latecomer = Client(), Client()
    to_preview(first, product, quantity=4, email="first@example.vn")
    to_preview(client, product, quantity=1)
    to_preview(latecomer, product, quantity=1, email="late@example.vn")
    place(first)
    place(client)
    response = place(latecomer)
    assert Order.objects.count() == 2
    assert response.status_code == 302 and response["Location"] == reverse("basket:summary")
    told = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "Bưởi đỏ Tân Lạc" in told
    record = product.stockrecords.get()
    assert record.num_allocated == 5 and record.num_in_stock == 5


@pytest.mark.parametrize("minutes_after_midnight, placed", [(-1, True), (1, False)])
def test_certificate_expiring_between_basket_and_placement(
    client, groups, showroom, minutes_after_midnight, placed
):
    last_day = local_today() + dt.timedelta(days=3)
    item = ProductFactory(title="Trà hoa vàng", stock={"partner": showroom})
    CertificateFactory(product=item, certificate_no="QN-2023-0042",
                       issued_on=last_day - dt.timedelta(days=3 * 365 - 1), expires_on=last_day)
    midnight = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(), tzinfo=OCOP_TZ)
    with time_machine.travel(midnight - dt.timedelta(hours=2), tick=False):
        to_preview(client, item)
    with time_machine.travel(midnight + dt.timedelta(minutes=minutes_after_midnight), tick=False):
        response = place(client)
    assert Order.objects.exists() is placed
    if not placed:
        from django.contrib.messages import get_messages

        told = " ".join(str(m) for m in get_messages(response.wsgi_request))
        assert response["Location"] == reverse("basket:summary")
        assert "Trà hoa vàng" in told
        assert item.stockrecords.get().num_allocated == 0
        assert not PersonalDataConsent.objects.exclude(order_number="").exists()


@pytest.mark.parametrize("minutes_after_midnight", [-1, 1])
def test_last_certificate_check_names_the_item_and_why(groups, showroom, minutes_after_midnight):
    """The check made inside the placing transaction (after the view's own checks)."""
    from oscar.apps.basket.models import Basket

    from shops.strategy import OcopStrategy
    from storefront.checkout.placement import CannotPlace, check_lines_sellable

    last_day = local_today() + dt.timedelta(days=3)
    item = ProductFactory(title="Trà hoa vàng", stock={"partner": showroom})
    CertificateFactory(product=item, issued_on=last_day - dt.timedelta(days=400),
                       expires_on=last_day)
    basket = Basket.objects.create()
    basket.strategy = OcopStrategy()
    basket.add_product(item, 1)
    midnight = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(), tzinfo=OCOP_TZ)
    with time_machine.travel(midnight + dt.timedelta(minutes=minutes_after_midnight), tick=False):
        if minutes_after_midnight < 0:
            check_lines_sellable(basket)
        else:
            with pytest.raises(CannotPlace) as refused:
                check_lines_sellable(basket)
            assert "“Trà hoa vàng”" in str(refused.value)
            assert f"đã hết hạn ngày {last_day:%d/%m/%Y}" in str(refused.value)
