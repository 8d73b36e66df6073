"""Cancelling lines and orders: units back to free stock once, a reason noted."""

import pytest
from oscar.core.loading import get_model

from shops.models import Reservation, StockMovement
from storefront.checkout import statuses
from storefront.fulfilment import cancellation
from storefront.fulfilment.moves import FulfilmentError

from .support import place_order

OrderNote = get_model("order", "OrderNote")


def test_cancel_order_releases_the_units_and_notes_why(record, other_record):
    order = place_order([record, other_record], payment="card")
    record.refresh_from_db()
    assert record.num_allocated == 1 and order.status == statuses.PENDING_PAYMENT

    outcome = cancellation.cancel_order(order, reason="Quá hạn thanh toán thẻ")

    assert len(outcome.moved) == 2
    order.refresh_from_db()
    assert order.status == statuses.CANCELLED
    assert set(order.lines.values_list("status", flat=True)) == {statuses.LINE_CANCELLED}
    record.refresh_from_db()
    other_record.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated) == (5, 0)
    assert (other_record.num_in_stock, other_record.num_allocated) == (5, 0)
    assert set(Reservation.objects.values_list("state", flat=True)) == {"released"}
    assert StockMovement.objects.filter(reason="release").count() == 2
    assert OrderNote.objects.filter(order=order, message__contains="Quá hạn thanh toán thẻ")
    assert order.shipping_events.get().event_type.code == "ocop-cancelled"


def test_cancelling_twice_changes_nothing_the_second_time(record):
    order = place_order([record])
    cancellation.cancel_order(order, reason="Khách đổi ý")
    movements = StockMovement.objects.count()

    again = cancellation.cancel_order(order, reason="Khách đổi ý")

    assert again.moved == [] and len(again.skipped) == 1
    assert StockMovement.objects.count() == movements
    record.refresh_from_db()
    assert record.num_allocated == 0


def test_cancel_one_line_keeps_the_other(record, other_record):
    order = place_order([record, other_record])
    line = order.lines.get(stockrecord=record)

    cancellation.cancel_lines(order, [line], reason="Hết hàng trưng bày")

    order.refresh_from_db()
    assert order.status == statuses.PREPARING  # the other line is still to fulfil
    assert order.lines.get(stockrecord=other_record).status == statuses.LINE_NEW
    other_record.refresh_from_db()
    assert other_record.num_allocated == 1


@pytest.mark.parametrize("reason", ["", "   ", None, "x" * 501])
def test_a_reason_is_required(record, reason):
    order = place_order([record])
    with pytest.raises(FulfilmentError):
        cancellation.cancel_order(order, reason=reason)
    record.refresh_from_db()
    assert record.num_allocated == 1


def test_a_line_of_another_order_is_refused(record):
    order, other = place_order([record]), place_order([record])
    with pytest.raises(FulfilmentError, match="không thuộc"):
        cancellation.cancel_lines(order, [other.lines.get()], reason="Nhầm")
    assert other.lines.get().status == statuses.LINE_NEW


def test_showroom_staff_cancel_only_their_own_lines(record, other_record, staff):
    order = place_order([record, other_record])
    with pytest.raises(FulfilmentError, match="điểm bán khác"):
        cancellation.cancel_order(order, reason="Khách đổi ý", user=staff)
    with pytest.raises(FulfilmentError, match="không thuộc điểm bán"):
        cancellation.cancel_lines(order, [order.lines.get(stockrecord=other_record)],
                                  reason="Khách đổi ý", user=staff)
    cancellation.cancel_lines(order, [order.lines.get(stockrecord=record)], reason="Hết hàng",
                              user=staff)
    assert order.lines.get(stockrecord=other_record).status == statuses.LINE_NEW


def test_cancelling_a_paid_card_order_refunds_what_is_left(client, record, product,
                                                          stripe_server, head_office):
    from storefront.checkout import refunds
    from tests.checkout.payment_helpers import card_order_paid

    order, intent = card_order_paid(client, product, stripe_server, quantity=2)
    line = order.lines.get()
    refunds.refund_lines(order, quantities={line.pk: 1}, reason="Một hộp bị vỡ")

    outcome = cancellation.cancel_order(order, reason="Khách huỷ đơn", user=head_office)

    assert outcome.refund == {line.pk: 1} and not outcome.refund_error
    amounts = sorted(r.amount for r in order.refunds.all())
    assert sum(amounts) == order.total_incl_tax  # the second one carries the delivery
    assert len(stripe_server.calls("POST", "/v1/refunds")) == 2
    record.refresh_from_db()
    assert record.num_allocated == 0
