"""Staff acting at once on PostgreSQL (real threads, row locks; skipped on SQLite):
two collect one order, ship races cancel, cash recorded twice, a revocation races
a handover. Each change happens once and the stock ledger reconciles."""

import pytest
from django.db import connection
from oscar.core.loading import get_model

from catalogue.models import Certificate
from shops import ledger
from shops.management.commands.reconcile_stock import drift, ledger_sums
from shops.models import StockMovement
from storefront.checkout import statuses
from storefront.fulfilment import cancellation, services
from storefront.fulfilment.moves import FulfilmentError
from storefront.fulfilment.revocations import hold_unsellable_lines
from tests.checkout.test_races import at_once
from tests.factories import StockRecordFactory

from .conftest import make_staff
from .support import place_order

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="row locks are PostgreSQL's (CI runs it)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PaymentEvent = get_model("order", "PaymentEvent")


@pytest.fixture
def stocked(product, showroom):
    """A record whose level came through the ledger, so that it reconciles."""
    record = StockRecordFactory(product=product, partner=showroom, num_in_stock=0)
    ledger.receive(record.pk, 5, user=None)
    return record


def reconciles(record) -> bool:
    record.refresh_from_db()
    movements, held = ledger_sums([record.pk])
    return not drift(record.num_in_stock, record.num_allocated,
                     movements.get(record.pk, (0, 0)), held.get(record.pk, 0))


def test_two_staff_collect_one_order_at_once(stocked, showroom):
    first, second = make_staff("nv-1", showroom), make_staff("nv-2", showroom)
    order = place_order([stocked], payment="showroom", pickup=showroom, quantities={0: 2})

    results = at_once([lambda: services.collect(order, user=first),
                       lambda: services.collect(order, user=second)])

    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(len(r.moved) for r in results) == [0, 1]
    stocked.refresh_from_db()
    assert (stocked.num_in_stock, stocked.num_allocated) == (3, 0)
    assert StockMovement.objects.filter(stockrecord=stocked, reason="online_order").count() == 1
    assert PaymentEvent.objects.filter(order=order).count() == 1
    assert reconciles(stocked)


def test_ship_races_cancel(stocked):
    order = place_order([stocked], payment="cod")

    results = at_once([lambda: services.ship(order),
                       lambda: cancellation.cancel_order(order, reason="Khách huỷ qua điện thoại")])

    order.refresh_from_db()
    stocked.refresh_from_db()
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) <= 1 and all(isinstance(e, FulfilmentError) for e in errors)
    if order.status == statuses.SHIPPING:  # shipped first: the cancel was refused
        assert (stocked.num_in_stock, stocked.num_allocated) == (4, 0) and errors
    else:  # cancelled first: nothing left to ship
        assert order.status == statuses.CANCELLED
        assert (stocked.num_in_stock, stocked.num_allocated) == (5, 0)
    assert reconciles(stocked)


def test_cash_recorded_twice_at_once_is_one_payment(stocked):
    order = place_order([stocked], payment="cod")
    services.ship(order)
    at_once([lambda: services.record_cash(order), lambda: services.record_cash(order)])
    assert PaymentEvent.objects.filter(order=order).count() == 1
    assert order.sources.get().amount_debited == order.total_incl_tax


def test_a_revocation_racing_a_handover_never_hands_over(stocked, product):
    orders = [place_order([stocked], payment="cod") for _ in range(3)]
    Certificate.objects.filter(product=product).update(status="revoked")

    calls = [lambda o=o: services.ship(o) for o in orders]
    calls.append(lambda: hold_unsellable_lines([product.pk]))
    results = at_once(calls)

    assert not [r for r in results if isinstance(r, Exception)], results
    for order in orders:
        line = order.lines.get()
        assert line.status == statuses.LINE_HELD and line.holds.count() == 1
    stocked.refresh_from_db()
    assert (stocked.num_in_stock, stocked.num_allocated) == (5, 3)
    assert reconciles(stocked)
