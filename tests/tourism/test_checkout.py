"""Checkout with experiences: no address and no delivery step for experiences only,
pay at the host or by card (never cash on delivery), the visitor's name and consent
asked with the payment; a mixed basket ships or collects the goods and issues
vouchers for the experiences; the visit date and the certificate checked again at
placement; one voucher per unit, unique readable codes, on the confirmation page
and in the e-mail."""

import datetime as dt
import re

import time_machine
from django.core import mail
from django.urls import reverse
from oscar.apps.order.models import Order

from catalogue.models import Certificate
from catalogue.validity import OCOP_TZ, local_today
from storefront.checkout import statuses
from storefront.checkout.models import PersonalDataConsent
from storefront.tourism.models import Voucher
from tests.checkout.conftest import post_address
from tests.factories import PartnerFactory, StockRecordFactory

from .conftest import VISITOR, add_experience, day, experiences_to_preview, place, start_guest

CODE = re.compile(r"^OCOP-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")


def test_experiences_only_skip_address_and_delivery(client, experience):
    add_experience(client, experience)
    start_guest(client)
    response = client.get(reverse("checkout:shipping-address"))
    assert response.status_code == 302
    assert client.get(response["Location"])["Location"] == reverse("checkout:payment-method")
    page = client.get(reverse("checkout:payment-method")).content.decode()
    assert "Thanh toán tại nơi đón khách" in page and "Thẻ ngân hàng" in page
    assert "Thanh toán khi nhận hàng" not in page and 'id="visitor-fields"' in page


def test_cash_on_delivery_is_refused_for_experiences(client, experience):
    add_experience(client, experience)
    start_guest(client)
    client.get(reverse("checkout:shipping-method"))  # notes "no delivery needed"
    response = client.post(reverse("checkout:payment-method"), {"method": "cod", **VISITOR})
    assert response.status_code == 200
    assert "không áp dụng cho đơn hàng của bạn" in response.content.decode()


def test_visitor_name_phone_and_consent_are_required(client, experience):
    add_experience(client, experience)
    start_guest(client)
    client.get(reverse("checkout:shipping-method"))
    response = client.post(reverse("checkout:payment-method"), {
        "method": "host", "visitor_name": "  ", "visitor_phone": "12345"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vui lòng nhập họ tên người tham quan" in html
    assert "không phải là số điện thoại" in html or "không hợp lệ" in html
    assert "Cần sự đồng ý" in html
    assert client.get(reverse("checkout:preview")).status_code == 302  # nothing chosen


def test_guest_pays_at_the_host_and_gets_one_voucher_per_place(client, experience, host):
    experiences_to_preview(client, experience, quantity=3, visit=day(4))
    preview = client.get(reverse("checkout:preview")).content.decode()
    assert "Nguyễn Thị Lan" in preview and "Ngày tham quan" in preview
    response = place(client)
    assert response["Location"] == reverse("checkout:thank-you"), response.content.decode()[:3000]

    order = Order.objects.get()
    assert order.status == statuses.PREPARING and order.shipping_address is None
    assert order.total_incl_tax == 3 * 450000 and order.shipping_incl_tax == 0
    line = order.lines.get()
    assert line.partner == host and line.attributes.get().value == day(4)
    vouchers = list(Voucher.objects.filter(order=order))
    assert len(vouchers) == 3 and len({v.code for v in vouchers}) == 3
    assert all(CODE.match(v.code) for v in vouchers)
    assert {v.visit_date for v in vouchers} == {local_today() + dt.timedelta(days=4)}
    assert {(v.partner_id, v.line_id, v.holder_name, v.holder_phone) for v in vouchers} == {
        (host.pk, line.pk, "Nguyễn Thị Lan", "+84912345678")}
    assert sorted(v.number for v in vouchers) == [1, 2, 3]
    assert PersonalDataConsent.objects.get().order_number == order.number
    line.stockrecord.refresh_from_db()
    assert line.stockrecord.num_allocated == 3  # the places are held

    page = client.get(reverse("checkout:thank-you")).content.decode()
    for voucher in vouchers:
        assert voucher.code in page
    assert "Bản Lác, Mai Châu" in page
    message = mail.outbox[-1]
    assert all(v.code in message.body for v in vouchers)
    assert all(v.code in message.alternatives[0][0] for v in vouchers)


def test_confirmation_email_in_english(client, experience):
    experiences_to_preview(client, experience)
    client.post("/en" + reverse("checkout:preview"), {"action": "place_order"})
    body = mail.outbox[-1].body
    code = Voucher.objects.get().code
    assert code in body and "Experience vouchers" in body


def test_card_order_issues_vouchers_that_wait_for_payment(client, experience, stripe_server):
    experiences_to_preview(client, experience, payment="card")
    response = place(client)
    order = Order.objects.get()
    assert order.status == statuses.PENDING_PAYMENT
    assert response["Location"] == reverse("checkout:card-payment", args=[order.number])
    assert Voucher.objects.filter(order=order).count() == 1
    page = client.get(response["Location"])  # the payment page needs no address
    assert page.status_code == 200 and order.number in page.content.decode()


def test_mixed_basket_home_delivery_is_card_only(client, experience, goods):
    client.post(reverse("basket:add", args=[goods.pk]), {"quantity": 1})
    add_experience(client, experience)
    start_guest(client)
    assert post_address(client).status_code == 302
    page = client.get(reverse("checkout:shipping-method")).content.decode()
    assert "30.000" in page  # the experience weighs nothing: the lightest band
    client.post(reverse("checkout:shipping-method"), {"method_code": "giao-hang-tan-noi"})
    page = client.get(reverse("checkout:payment-method")).content.decode()
    assert "Thẻ ngân hàng" in page and "Thanh toán khi nhận hàng" not in page
    assert 'id="visitor-fields"' not in page  # the recipient is the holder


def test_mixed_basket_collects_goods_and_issues_vouchers(client, experience, goods, host):
    pickup = PartnerFactory(name="Trung tâm OCOP Hòa Bình", slug="ocop-hoa-binh",
                            province_code="25")
    StockRecordFactory(product=goods, partner=pickup, num_in_stock=4)
    client.post(reverse("basket:add", args=[goods.pk]), {"quantity": 2})
    add_experience(client, experience, quantity=2, visit=day(10))
    start_guest(client)
    post_address(client)
    page = client.get(reverse("checkout:shipping-method")).content.decode()
    assert "Nhận tại Trung tâm OCOP Hòa Bình" in page  # it does not sell the experience
    client.post(reverse("checkout:shipping-method"), {"method_code": f"pickup-{pickup.pk}"})
    client.post(reverse("checkout:payment-method"), {"method": "showroom"})
    response = place(client)
    assert response["Location"] == reverse("checkout:thank-you"), response.content.decode()[:3000]
    order = Order.objects.get()
    by_product = {line.product_id: line for line in order.lines.all()}
    assert by_product[goods.pk].partner == pickup
    assert by_product[experience.pk].partner == host
    vouchers = Voucher.objects.filter(order=order)
    assert vouchers.count() == 2 and {v.holder_name for v in vouchers} == {"Nguyễn Thị Lan"}
    assert {v.line_id for v in vouchers} == {by_product[experience.pk].pk}


def test_a_visit_date_passed_since_the_basket_is_refused(client, experience):
    experiences_to_preview(client, experience, visit=day(1))
    later = dt.datetime.combine(local_today() + dt.timedelta(days=2), dt.time(0, 0),
                                tzinfo=OCOP_TZ)
    with time_machine.travel(later, tick=False):
        response = client.get(reverse("checkout:preview"))
        assert response.status_code == 302 and response["Location"] == reverse("basket:summary")
        response = place(client)
        assert response.status_code == 302
        page = client.get(reverse("basket:summary")).content.decode()
    assert "đã qua" in page
    assert not Order.objects.exists() and not Voucher.objects.exists()


def test_visit_date_checked_at_placement_itself(client, experience):
    """Between the preview and the click, midnight passes: the order is refused."""
    experiences_to_preview(client, experience, visit=day(0))
    tomorrow = dt.datetime.combine(local_today() + dt.timedelta(days=1), dt.time(0, 0),
                                   tzinfo=OCOP_TZ)
    from storefront.checkout import views

    original = views.PaymentDetailsView.check_visit_dates_valid
    views.PaymentDetailsView.check_visit_dates_valid = lambda self, request: None
    try:
        with time_machine.travel(tomorrow, tick=False):
            response = place(client)
    finally:
        views.PaymentDetailsView.check_visit_dates_valid = original
    assert response.status_code == 200 and "đã qua" in response.content.decode()
    assert not Order.objects.exists() and not Voucher.objects.exists()


def test_last_certificate_check_applies_to_experiences(client, experience):
    experiences_to_preview(client, experience)
    Certificate.objects.filter(product=experience).update(status="revoked")
    response = place(client)
    assert not Order.objects.exists() and not Voucher.objects.exists()
    assert response.status_code in (200, 302)
