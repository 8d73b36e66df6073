"""Click & collect orders not collected within OCOP_PICKUP_COLLECT_DAYS: released by
the hourly task from the local midnight after the last day, not a second before."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from oscar.apps.order.models import Order

from catalogue.validity import OCOP_TZ
from storefront.checkout import statuses
from storefront.checkout.models import Refund
from storefront.fulfilment import services, tasks
from storefront.fulfilment.selectors import pickup_queue
from tests.checkout.conftest import place, to_preview
from tests.checkout.payment_helpers import confirm_at_stripe, deliver, event

from .support import place_order

READY = dt.datetime(2026, 12, 1, 15, 0, tzinfo=OCOP_TZ)  # ready on 1 December
LAST_MOMENT = dt.datetime(2026, 12, 8, 23, 59, 59, tzinfo=OCOP_TZ)  # 7 days later
RELEASED = dt.datetime(2026, 12, 9, 0, 0, 1, tzinfo=OCOP_TZ)


@pytest.fixture
def waiting(record, showroom, staff, settings):
    settings.OCOP_PICKUP_COLLECT_DAYS = 7
    with time_machine.travel(READY - dt.timedelta(hours=2), tick=False):
        order = place_order([record], payment="showroom", pickup=showroom)
    with time_machine.travel(READY, tick=False):
        services.ready_for_pickup(order, user=staff)
    return order


def test_kept_until_the_end_of_the_last_day(waiting, record, staff):
    with time_machine.travel(LAST_MOMENT, tick=False):
        assert tasks.release_uncollected_pickups() == 0
        (row,) = pickup_queue(staff)
        assert not row.overdue and row.last_day == dt.date(2026, 12, 8)
        assert row.waited > dt.timedelta(days=7, hours=8)
    waiting.refresh_from_db()
    assert waiting.status == statuses.AWAITING_PICKUP


def test_released_just_after_local_midnight(waiting, record, staff):
    mail.outbox.clear()
    with time_machine.travel(RELEASED, tick=False):
        (row,) = pickup_queue(staff)
        assert row.overdue
        assert tasks.release_uncollected_pickups() == 1
        assert tasks.release_uncollected_pickups() == 0  # the next hour: nothing more
        assert pickup_queue(staff) == []
    waiting.refresh_from_db()
    assert waiting.status == statuses.CANCELLED
    record.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated) == (5, 0)
    (message,) = [m for m in mail.outbox if "quá hạn nhận" in m.subject]
    assert "7 ngày" in message.body


def test_not_ready_orders_are_not_released(record, showroom, staff, settings):
    settings.OCOP_PICKUP_COLLECT_DAYS = 7
    with time_machine.travel(READY, tick=False):
        order = place_order([record], payment="showroom", pickup=showroom)
    with time_machine.travel(READY + dt.timedelta(days=30), tick=False):
        assert tasks.release_uncollected_pickups() == 0
        (row,) = pickup_queue(staff)
        assert row.ready_at is None and not row.overdue
    assert order.lines.get().status == statuses.LINE_NEW


def test_card_money_is_refunded_when_released(client, record, product, showroom, staff,
                                              stripe_server, settings):
    settings.OCOP_PICKUP_COLLECT_DAYS = 7
    with time_machine.travel(READY, tick=True):
        to_preview(client, product, method=showroom, payment="card")
        place(client)
        order = Order.objects.get()
        client.get(reverse("checkout:card-payment", args=[order.number]))
        intent = confirm_at_stripe(stripe_server, order.card_payments.get())
        assert deliver(client, event(intent, "payment_intent.succeeded")).json()[
            "outcome"] == "paid"
        services.ready_for_pickup(order, user=staff)
    with time_machine.travel(RELEASED, tick=False):
        assert tasks.release_uncollected_pickups() == 1
    refund = Refund.objects.get(order=order)
    assert refund.amount == order.total_incl_tax and refund.intent_id == intent["id"]
    order.refresh_from_db()
    assert order.status == statuses.CANCELLED


def test_other_showrooms_do_not_see_the_queue(waiting, other_staff, head_office):
    assert pickup_queue(other_staff) == []
    assert [row.order for row in pickup_queue(head_office)] == [waiting]
