"""After its visit date an unused voucher is closed (frozen time on both sides of local
midnight): paid online, its held place is used; to be paid at the host, the place is
freed; a cancelled order's voucher touches no stock; running twice changes nothing."""

import datetime as dt

import time_machine
from django.test import Client

from catalogue.validity import OCOP_TZ
from storefront.checkout import statuses
from storefront.tourism.models import Voucher
from storefront.tourism.rules import voucher_verdict
from storefront.tourism.tasks import close_past_vouchers

from .conftest import day, place_experience_order


def at(date, hour, minute=0, second=0):
    return dt.datetime.combine(date, dt.time(hour, minute, second), tzinfo=OCOP_TZ)


def levels(record):
    record.refresh_from_db()
    return record.num_in_stock, record.num_allocated


def test_unused_vouchers_close_after_local_midnight(experience, stripe_server):
    at_host = place_experience_order(Client(), experience, visit=day(1), quantity=2)
    (card,) = place_experience_order(Client(), experience, payment="card", visit=day(1))
    type(card.order).objects.filter(pk=card.order_id).update(status=statuses.PAID)
    (cancelled,) = place_experience_order(Client(), experience, visit=day(1))
    type(cancelled.order).objects.filter(pk=cancelled.order_id).update(status=statuses.CANCELLED)
    (later,) = place_experience_order(Client(), experience, visit=day(2))
    record = experience.stockrecords.get()
    assert levels(record) == (10, 5)
    visit = at_host[0].visit_date

    with time_machine.travel(at(visit, 23, 59, 59), tick=False):
        assert close_past_vouchers() == 0
    with time_machine.travel(at(visit + dt.timedelta(days=1), 0, 0, 0), tick=False):
        assert close_past_vouchers.delay().get() == 4
        assert close_past_vouchers() == 0  # idempotent
        card.refresh_from_db()
        verdict = voucher_verdict(card)
    assert set(Voucher.objects.filter(visit_date=visit).values_list("status", flat=True)) == {
        Voucher.Status.EXPIRED}
    assert Voucher.objects.get(pk=later.pk).status == Voucher.Status.ISSUED
    # Card place used (10 → 9), two at-host places freed, the cancelled order's hold left
    # to the cancellation's own handling, the later visit still held.
    assert levels(record) == (9, 2)
    assert not verdict.usable and "quá ngày tham quan" in verdict.reason
    # The paid visit's line is done, its order complete; the at-host order waits.
    card.order.refresh_from_db()
    at_host[0].order.refresh_from_db()
    assert card.order.status == statuses.COMPLETED
    assert at_host[0].order.status != statuses.COMPLETED
