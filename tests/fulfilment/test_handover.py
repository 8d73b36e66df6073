"""Moving lines forward: prepare, ship, deliver, ready, collect, cash; the order's
status follows its lines; every action is idempotent."""

from decimal import Decimal

import pytest
from oscar.core.loading import get_model

from shops.models import StockMovement
from storefront.checkout import statuses
from storefront.fulfilment import cancellation, services
from storefront.fulfilment.moves import FulfilmentError

from .support import mark_card_paid, place_order

PaymentEvent = get_model("order", "PaymentEvent")


def test_cash_on_delivery_ship_then_cash_completes(record, staff):
    order = place_order([record], payment="cod")
    services.start_preparing(order, user=staff)
    order.refresh_from_db()
    assert order.status == statuses.PREPARING
    assert order.lines.get().status == statuses.LINE_PREPARING

    services.ship(order, user=staff, reference="VTP123456")
    order.refresh_from_db()
    record.refresh_from_db()
    assert order.status == statuses.SHIPPING
    assert (record.num_in_stock, record.num_allocated) == (4, 0)
    assert StockMovement.objects.filter(reason="online_order", quantity=-1).count() == 1
    assert order.shipping_events.filter(event_type__code="ocop-shipped", notes="VTP123456")

    services.record_cash(order, user=staff)
    order.refresh_from_db()
    assert order.status == statuses.COMPLETED
    event = PaymentEvent.objects.get(order=order)
    assert event.amount == Decimal("155000")  # 125.000 + 30.000 delivery, the whole order
    assert event.event_type.name == services.PAYMENT_COD


def test_double_clicks_move_once(record, staff):
    order = place_order([record], payment="cod")
    services.ship(order, user=staff)
    again = services.ship(order, user=staff)
    assert again.moved == [] and len(again.skipped) == 1
    services.record_cash(order, user=staff)
    services.record_cash(order, user=staff)
    assert PaymentEvent.objects.filter(order=order).count() == 1
    record.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated) == (4, 0)
    assert StockMovement.objects.filter(reason="online_order").count() == 1


def test_pickup_paid_at_the_showroom_collected(record, showroom, staff):
    order = place_order([record], payment="showroom", pickup=showroom)
    services.ready_for_pickup(order, user=staff)
    order.refresh_from_db()
    assert order.status == statuses.AWAITING_PICKUP
    record.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated) == (5, 1)  # still on the shelf

    services.collect(order, user=staff)
    services.collect(order, user=staff)
    order.refresh_from_db()
    record.refresh_from_db()
    assert order.status == statuses.COMPLETED
    assert (record.num_in_stock, record.num_allocated) == (4, 0)
    event = PaymentEvent.objects.get(order=order)
    assert event.amount == Decimal("125000") and event.event_type.name == services.PAYMENT_SHOWROOM
    assert list(event.line_quantities.values_list("quantity", flat=True)) == [1]


def test_card_order_is_not_moved_before_payment(record):
    order = place_order([record], payment="card")
    with pytest.raises(FulfilmentError, match="chưa được thanh toán"):
        services.ship(order)
    mark_card_paid(order)
    services.ship(order)
    services.deliver(order)
    order.refresh_from_db()
    assert order.status == statuses.COMPLETED
    assert not PaymentEvent.objects.filter(order=order).exists()  # Stripe's, not ours


def test_each_showroom_moves_its_own_lines(record, other_record, staff, other_staff):
    order = place_order([record, other_record], payment="cod")
    services.ship(order, user=staff)
    order.refresh_from_db()
    assert order.status == statuses.PREPARING  # the other showroom's line is not shipped
    lines = {line.stockrecord_id: line for line in order.lines.all()}
    assert lines[record.pk].status == statuses.LINE_SHIPPED
    assert lines[other_record.pk].status == statuses.LINE_NEW
    other_record.refresh_from_db()
    assert other_record.num_allocated == 1

    services.record_cash(order, user=staff)  # own money only: no shipping yet
    assert PaymentEvent.objects.get(order=order).amount == Decimal("125000")
    services.ship(order, user=other_staff)
    services.record_cash(order, user=other_staff)  # the last line carries the delivery
    amounts = sorted(PaymentEvent.objects.filter(order=order).values_list("amount", flat=True))
    assert amounts == [Decimal("125000"), Decimal("230000")]
    order.refresh_from_db()
    assert order.status == statuses.COMPLETED


def test_wrong_method_and_wrong_order_kind_are_refused(record, showroom):
    delivery = place_order([record], payment="cod")
    pickup = place_order([record], payment="showroom", pickup=showroom)
    with pytest.raises(FulfilmentError, match="nhận tại điểm bán"):
        services.ship(pickup)
    with pytest.raises(FulfilmentError, match="giao tận nơi"):
        services.collect(delivery)
    with pytest.raises(FulfilmentError, match="giao tận nơi"):
        services.ready_for_pickup(delivery)
    with pytest.raises(FulfilmentError, match="COD"):
        services.record_cash(pickup)
    with pytest.raises(FulfilmentError):  # nothing shipped yet: no cash to record
        services.record_cash(delivery, [delivery.lines.get()])


def test_hold_and_release_by_staff(record, staff):
    order = place_order([record], payment="cod")
    services.start_preparing(order, user=staff)
    cancellation.hold_lines(order, None, reason="Khách hẹn lại ngày giao", user=staff)
    order.refresh_from_db()
    line = order.lines.get()
    assert order.status == statuses.ON_HOLD and line.status == statuses.LINE_HELD
    assert line.holds.get().reason == "Khách hẹn lại ngày giao"
    with pytest.raises(FulfilmentError):
        services.ship(order, [line], user=staff)

    cancellation.release_hold(order, user=staff)
    order.refresh_from_db()
    line.refresh_from_db()
    assert line.status == statuses.LINE_PREPARING and order.status == statuses.PREPARING
    assert line.holds.get().released_by == staff


def test_shipped_lines_cannot_be_cancelled(record):
    order = place_order([record], payment="cod")
    services.ship(order)
    with pytest.raises(FulfilmentError, match="đã được giao"):
        cancellation.cancel_order(order, reason="Khách đổi ý")
    with pytest.raises(FulfilmentError):
        cancellation.cancel_lines(order, [order.lines.get()], reason="Khách đổi ý")


def test_delivered_cash_on_delivery_records_the_cash_once(record):
    order = place_order([record], payment="cod")
    services.ship(order)
    services.deliver(order)
    services.record_cash(order)  # the courier's cash, reported again: nothing more
    event = PaymentEvent.objects.get(order=order)
    assert event.amount == order.total_incl_tax
    order.refresh_from_db()
    assert order.status == statuses.COMPLETED
