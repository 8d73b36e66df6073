"""The last certificate check at handover (cash on delivery, pay at the showroom):
frozen time on both sides of local midnight after a certificate's last valid day."""

import datetime as dt

import pytest
import time_machine

from catalogue.validity import OCOP_TZ
from storefront.checkout import statuses
from storefront.fulfilment import cancellation, services
from storefront.fulfilment.moves import FulfilmentError

from .support import mark_card_paid, place_order

LAST_DAY = dt.date(2026, 12, 31)
EVENING = dt.datetime.combine(LAST_DAY, dt.time(23, 59, 59), tzinfo=OCOP_TZ)
JUST_AFTER = dt.datetime.combine(LAST_DAY + dt.timedelta(days=1), dt.time(0, 0, 1),
                                 tzinfo=OCOP_TZ)


@pytest.fixture
def expiring(product):
    certificate = product.certificates.get()
    certificate.expires_on = LAST_DAY
    certificate.issued_on = LAST_DAY - dt.timedelta(days=3 * 365)
    certificate.save()
    return certificate


def _placed(record, **kwargs):
    with time_machine.travel(EVENING - dt.timedelta(days=2), tick=False):
        return place_order([record], **kwargs)


def test_shipped_on_the_last_valid_evening(record, expiring, staff):
    order = _placed(record, payment="cod")
    with time_machine.travel(EVENING, tick=False):
        outcome = services.ship(order, user=staff)
    assert len(outcome.moved) == 1 and outcome.held == []
    record.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated) == (4, 0)


def test_held_not_shipped_just_after_local_midnight(record, expiring, staff):
    order = _placed(record, payment="cod")
    with time_machine.travel(JUST_AFTER, tick=False):
        outcome = services.ship(order, user=staff)
    assert outcome.moved == []
    (line, reason), = outcome.held
    assert "đã hết hạn ngày 31/12/2026" in reason
    order.refresh_from_db()
    record.refresh_from_db()
    assert order.status == statuses.ON_HOLD
    assert order.lines.get().status == statuses.LINE_HELD
    assert (record.num_in_stock, record.num_allocated) == (5, 1)  # not handed over
    hold = order.lines.get().holds.get()
    assert hold.kind == "certificate" and "31/12/2026" in hold.reason
    assert order.notes.filter(message__contains="Tạm giữ, không giao").exists()
    # Still unsellable: the hold cannot be released; cancelling gives the units back.
    with time_machine.travel(JUST_AFTER, tick=False):
        with pytest.raises(FulfilmentError, match="hết hạn"):
            cancellation.release_hold(order, [line], user=staff)
        cancellation.cancel_order(order, reason="Chứng nhận OCOP hết hạn", user=staff)
    record.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated) == (5, 0)


@pytest.mark.parametrize(("moment", "collected"), [(EVENING, True), (JUST_AFTER, False)])
def test_pickup_paid_at_showroom_on_both_sides(record, showroom, expiring, staff, moment,
                                                collected):
    order = _placed(record, payment="showroom", pickup=showroom)
    with time_machine.travel(moment, tick=False):
        outcome = services.collect(order, user=staff)
    order.refresh_from_db()
    assert bool(outcome.moved) is collected
    assert order.status == (statuses.COMPLETED if collected else statuses.ON_HOLD)
    assert order.payment_events.exists() is collected  # no money taken for a held line


def test_paid_card_orders_are_handed_over_after_expiry(record, expiring):
    """Checked when the card payment succeeded: nothing to re-check at handover."""
    order = _placed(record, payment="card")
    mark_card_paid(order)
    with time_machine.travel(JUST_AFTER, tick=False):
        outcome = services.ship(order)
    assert len(outcome.moved) == 1
