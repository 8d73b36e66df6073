"""Card orders nobody paid: cancelled ``OCOP_UNPAID_CARD_ORDER_MINUTES`` after placing
(frozen time, both sides of the limit, Asia/Ho_Chi_Minh), units released, the intent
cancelled at Stripe, the shopper e-mailed; a payment that succeeds afterwards is
refunded automatically, never kept."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from oscar.apps.order.models import Order

from storefront.checkout import statuses
from storefront.checkout.models import Refund
from storefront.checkout.tasks import cancel_unpaid_card_orders

from .conftest import place, to_preview
from .payment_helpers import cod_order, confirm_at_stripe, deliver, event

PLACED = dt.datetime(2026, 11, 20, 23, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def unpaid(client, product, stripe_server, mailoutbox):
    """A card order placed at PLACED whose payment page opened its intent."""
    with time_machine.travel(PLACED, tick=False):
        to_preview(client, product, payment="card")
        place(client)
        order = Order.objects.get()
        client.get(reverse("checkout:card-payment", args=[order.number]))
    mailoutbox.clear()  # the order-placed e-mail
    return order


def at(minutes, seconds=0):
    return time_machine.travel(PLACED + dt.timedelta(minutes=minutes, seconds=seconds),
                               tick=False)


def test_not_cancelled_before_the_limit(unpaid, product, mailoutbox):
    with at(59, 59):
        assert cancel_unpaid_card_orders() == 0
    unpaid.refresh_from_db()
    assert unpaid.status == statuses.PENDING_PAYMENT
    assert product.stockrecords.get().num_allocated == 1
    assert not mailoutbox


def test_cancelled_at_the_limit_units_released_intent_cancelled_shopper_told(
    unpaid, product, stripe_server, mailoutbox
):
    intent_id = unpaid.card_payments.get().intent_id
    with at(60):  # 00:30 the next local day: the limit is in minutes, not dates
        assert cancel_unpaid_card_orders() == 1
        assert cancel_unpaid_card_orders() == 0  # the next run finds nothing
    unpaid.refresh_from_db()
    assert unpaid.status == statuses.CANCELLED
    record = product.stockrecords.get()
    assert (record.num_allocated, record.num_in_stock) == (0, 5)
    (call,) = stripe_server.calls("POST", f"/v1/payment_intents/{intent_id}/cancel")
    assert call.idempotency_key == f"ocop-cancel-{intent_id}"
    (mail,) = mailoutbox
    assert mail.to == ["lan@example.vn"]
    assert f"Đơn hàng {unpaid.number} đã được huỷ vì chưa thanh toán" in mail.subject
    assert f"Order {unpaid.number} cancelled: not paid" in mail.subject
    assert "60 phút" in mail.body and "within 60 minutes" in mail.body
    assert "Bưởi đỏ Tân Lạc × 1" in mail.body
    # The payment page no longer opens a new intent for it.
    assert unpaid.card_payments.count() == 1


def test_cash_orders_are_never_cancelled_by_the_task(client, product, stripe_server):
    with time_machine.travel(PLACED, tick=False):
        order = cod_order(client, product)
    with at(600):
        assert cancel_unpaid_card_orders() == 0
    order.refresh_from_db()
    assert order.status == statuses.PREPARING


def test_a_payment_after_the_cancellation_is_refunded_not_kept(
    client, unpaid, product, stripe_server
):
    payment = unpaid.card_payments.get()
    with at(59):
        intent = confirm_at_stripe(stripe_server, payment)  # the shopper pays at 59 min…
    with at(60):
        cancel_unpaid_card_orders()  # …but the webhook is late: Stripe refuses the cancel
    unpaid.refresh_from_db()
    assert unpaid.status == statuses.CANCELLED
    assert unpaid.notes.filter(message__contains="Chưa huỷ được").exists()
    response = deliver(client, event(intent, "payment_intent.succeeded"))
    assert response.json()["outcome"] == "order cancelled: refunded"
    refund = Refund.objects.get()
    assert refund.idempotency_key == f"refund-{intent['id']}-whole"
    assert refund.amount == unpaid.total_incl_tax
    (call,) = stripe_server.calls("POST", "/v1/refunds")
    assert call.idempotency_key == refund.idempotency_key
    unpaid.refresh_from_db()
    assert unpaid.status == statuses.CANCELLED
    record = product.stockrecords.get()
    assert (record.num_allocated, record.num_in_stock) == (0, 5)  # released once


def test_the_limit_follows_the_setting(unpaid, settings):
    settings.OCOP_UNPAID_CARD_ORDER_MINUTES = 15
    with at(14, 59):
        assert cancel_unpaid_card_orders() == 0
    with at(15):
        assert cancel_unpaid_card_orders() == 1
