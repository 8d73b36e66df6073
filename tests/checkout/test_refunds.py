"""Refunds through the refund service: card refunds at the Stripe emulator with the
right VND amount and idempotency key, recorded when ``charge.refunded`` arrives;
partial refunds add up, never more than was paid; Stripe failures record nothing;
cash refunds recorded by staff."""

from decimal import Decimal
from urllib.parse import parse_qs

import pytest
from oscar.apps.order.models import Order

from storefront.checkout import statuses
from storefront.checkout.models import Refund
from storefront.checkout.refunds import RefundError, refund_lines, refund_plan

from .payment_helpers import (
    card_order_paid,
    charge_refunded,
    cod_order,
    deliver,
    record_cash,
)


def sent(call) -> dict:
    return {k: v[0] for k, v in parse_qs(call.body).items()}


def test_whole_card_order_is_refunded_at_stripe_then_recorded_on_charge_refunded(
    client, product, stripe_server, admin_user
):
    order, intent = card_order_paid(client, product, stripe_server)
    total = int(order.total_incl_tax)
    refund = refund_lines(order, quantities=None, reason="Khách trả hàng", user=admin_user)

    (call,) = stripe_server.calls("POST", "/v1/refunds")
    assert call.idempotency_key == f"ocop-refund-{order.number}-1"
    body = sent(call)
    assert body["amount"] == str(total) and body["payment_intent"] == intent["id"]
    assert body["metadata[order_number]"] == order.number
    # Requested, not yet done: the order stays paid until Stripe reports the money back.
    refund.refresh_from_db()
    assert refund.state == Refund.State.REQUESTED and refund.stripe_refund_id.startswith("re_")
    assert Order.objects.get().status == statuses.PAID
    assert not order.payment_events.filter(event_type__name="Hoàn tiền").exists()

    outcome = deliver(client, charge_refunded(intent, total, refund_ids=[refund.stripe_refund_id]))
    assert outcome.json()["outcome"] == "refunded: 1 requested"
    refund.refresh_from_db()
    order.refresh_from_db()
    assert refund.state == Refund.State.DONE and refund.completed_at
    assert order.status == statuses.REFUNDED
    event = order.payment_events.get(event_type__name="Hoàn tiền")
    assert event.amount == total and event.reference == refund.stripe_refund_id
    assert [(q.line_id, q.quantity) for q in event.line_quantities.all()] == [
        (order.lines.get().pk, 1)]
    assert order.sources.get().amount_refunded == total
    assert order.status_changes.filter(new_status=statuses.REFUNDED).count() == 1


def test_the_order_note_keeps_the_reason_as_typed(client, product, stripe_server, admin_user):
    """Only the amount gets Vietnamese thousands dots: commas in the reason stay."""
    order, __ = card_order_paid(client, product, stripe_server)
    total = int(order.total_incl_tax)
    refund_lines(order, quantities=None, reason="Hỏng, vỡ khi giao", user=admin_user)

    note = order.notes.get(message__startswith="Đã yêu cầu Stripe hoàn").message
    assert f"{total:,}".replace(",", ".") + " ₫" in note
    assert note.endswith(": Hỏng, vỡ khi giao")


def test_partial_refunds_add_up_to_the_payment_and_no_more(
    client, product, stripe_server, admin_user
):
    order, intent = card_order_paid(client, product, stripe_server, quantity=3)
    line = order.lines.get()
    paid = order.total_incl_tax
    first = refund_lines(order, quantities={line.pk: 1}, reason="Một hộp bị móp")
    assert first.amount == Decimal("125000")
    assert refund_plan(order, None).amount == paid - first.amount  # the rest, delivery included
    with pytest.raises(RefundError, match="chỉ còn 2 sản phẩm"):
        refund_lines(order, quantities={line.pk: 3}, reason="Quá số lượng")
    second = refund_lines(order, quantities={line.pk: 2}, reason="Khách trả nốt")
    assert first.amount + second.amount == paid
    assert second.amount == paid - Decimal("125000")  # the last units bring the delivery
    with pytest.raises(RefundError, match="đã được hoàn tiền toàn bộ"):
        refund_lines(order, quantities=None, reason="Lần nữa")
    keys = [c.idempotency_key for c in stripe_server.calls("POST", "/v1/refunds")]
    assert keys == [f"ocop-refund-{order.number}-1", f"ocop-refund-{order.number}-2"]
    assert [sent(c)["amount"] for c in stripe_server.calls("POST", "/v1/refunds")] == [
        "125000", str(int(paid) - 125000)]

    deliver(client, charge_refunded(intent, 125000))
    order.refresh_from_db()
    assert order.status == statuses.PAID  # partly refunded
    deliver(client, charge_refunded(intent, int(paid)))
    order.refresh_from_db()
    assert order.status == statuses.REFUNDED
    assert sum(e.amount for e in order.payment_events.filter(event_type__name="Hoàn tiền")) == paid


@pytest.mark.parametrize("bad", [{0: 1}, {"x": 1}, {"line": -1}, {"line": 0}])
def test_bad_quantities_are_refused_and_change_nothing(client, product, stripe_server, bad):
    order, __ = card_order_paid(client, product, stripe_server)
    line = order.lines.get()
    quantities = {(line.pk if k == "line" else k): v for k, v in bad.items()}
    with pytest.raises(RefundError):
        refund_lines(order, quantities=quantities, reason="Thử")
    assert not Refund.objects.exists()
    assert not stripe_server.calls("POST", "/v1/refunds")


def test_a_reason_is_required(client, product, stripe_server):
    order, __ = card_order_paid(client, product, stripe_server)
    with pytest.raises(RefundError, match="lý do"):
        refund_lines(order, quantities=None, reason="  ")
    assert not Refund.objects.exists()


@pytest.mark.parametrize("fault", [("status", 500), ("delay", 3), ("status", 402)],
                         ids=["500", "timeout", "declined"])
def test_stripe_failure_is_a_clear_message_and_the_retry_reuses_the_key(
    client, product, stripe_server, fault
):
    order, __ = card_order_paid(client, product, stripe_server)
    stripe_server.faults.append(fault)
    with pytest.raises(RefundError, match="chưa có khoản hoàn tiền nào được ghi nhận"):
        refund_lines(order, quantities=None, reason="Khách huỷ")
    assert not Refund.objects.exists()
    assert order.notes.filter(message__contains="chưa thực hiện được").exists()
    refund = refund_lines(order, quantities=None, reason="Khách huỷ")
    assert refund.number == 1
    keys = {c.idempotency_key for c in stripe_server.calls("POST", "/v1/refunds")}
    assert keys == {f"ocop-refund-{order.number}-1"}  # the same key: Stripe refunds once
    assert Refund.objects.count() == 1


def test_the_same_confirmation_submitted_twice_is_one_refund(client, product, stripe_server):
    order, __ = card_order_paid(client, product, stripe_server, quantity=2)
    line = order.lines.get()
    first = refund_lines(order, quantities={line.pk: 1}, reason="Hỏng", token="tok-1")
    again = refund_lines(order, quantities={line.pk: 1}, reason="Hỏng", token="tok-1")
    assert again.pk == first.pk
    assert len(stripe_server.calls("POST", "/v1/refunds")) == 1


def test_a_changed_amount_is_not_refunded_without_a_new_confirmation(
    client, product, stripe_server
):
    order, __ = card_order_paid(client, product, stripe_server, quantity=2)
    with pytest.raises(RefundError, match="đã thay đổi"):
        refund_lines(order, quantities=None, reason="Hỏng", expected_amount=Decimal("1000"))
    assert not Refund.objects.exists()


def test_cash_refund_is_recorded_by_staff_without_stripe(client, product, stripe_server,
                                                          admin_user):
    order = cod_order(client, product, quantity=2)
    with pytest.raises(RefundError, match="chưa được thanh toán"):
        refund_lines(order, quantities=None, reason="Chưa thu tiền")
    record_cash(order)
    line = order.lines.get()
    refund = refund_lines(order, quantities={line.pk: 1}, reason="Một gói hỏng",
                          user=admin_user)
    assert refund.state == Refund.State.DONE and refund.method == Refund.Method.CASH
    assert refund.requested_by == admin_user
    assert not stripe_server.calls("POST", "/v1/refunds")
    rest = refund_lines(order, quantities=None, reason="Trả nốt")
    order.refresh_from_db()
    assert refund.amount + rest.amount == order.total_incl_tax
    assert order.status == statuses.REFUNDED
    assert order.sources.get().amount_refunded == order.total_incl_tax
