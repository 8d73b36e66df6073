"""No overselling on PostgreSQL: sixteen real threads, each with its own connection,
sell, reserve, order or transfer the last units of the same records at the same moment.
Exactly the free quantity succeeds, the ledger reconciles and nothing goes negative."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from oscar.core.loading import get_model

from shops import ledger
from shops.ledger import StockError
from shops.models import Reservation, StockMovement
from tests.factories import CertificateFactory, PartnerFactory, ProductFactory, StockRecordFactory

from .ledger_support import assert_reconciled, level
from .test_reservations import place_order

THREADS = 16

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are PostgreSQL's (CI runs it)"
    ),
]


def race(job, count: int = THREADS) -> list[tuple[str, object]]:
    """Run ``job(i)`` in ``count`` threads released at once; ("ok", result) or
    ("refused", message) per thread, ("error", repr) for anything unexpected."""
    barrier = threading.Barrier(count)
    outcomes: list = [None] * count

    def run(index):
        try:
            barrier.wait()
            outcomes[index] = ("ok", job(index))
        except StockError as error:
            outcomes[index] = ("refused", str(error))
        except Exception as error:  # noqa: BLE001 - reported and asserted on below
            outcomes[index] = ("error", repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not [o for o in outcomes if o is None or o[0] == "error"], outcomes
    return outcomes


def kinds(outcomes) -> list[str]:
    return sorted(kind for kind, _ in outcomes)


def certified_record(quantity: int, **kwargs):
    product = ProductFactory(stock=False)
    CertificateFactory(product=product)
    return StockRecordFactory(product=product, num_in_stock=quantity, price=Decimal(50000),
                              **kwargs)


def test_sixteen_sellers_of_the_last_units_sell_exactly_what_is_free():
    for available in (1, 5):
        record = certified_record(available)
        outcomes = race(lambda i, pk=record.pk: ledger.sell_in_store([(pk, 1)], user=None))
        assert kinds(outcomes) == ["ok"] * available + ["refused"] * (THREADS - available)
        assert all("chỉ còn 0 sản phẩm" in text for kind, text in outcomes if kind == "refused")
        assert level(record) == (0, 0)
        sold = StockMovement.objects.filter(stockrecord=record, reason="sold_in_store")
        assert sold.count() == available
        assert_reconciled(record)

    # Reservations and counter sales mixed, for five units.
    record = certified_record(5)

    def job(i):
        if i % 2:
            return ledger.reserve(record.pk, 1, key=f"cart-{i}")
        return ledger.sell_in_store([(record.pk, 1)], user=None)

    outcomes = race(job)
    assert kinds(outcomes).count("ok") == 5
    held = Reservation.objects.filter(stockrecord=record, state="held").count()
    sold = StockMovement.objects.filter(stockrecord=record, reason="sold_in_store").count()
    assert held + sold == 5
    assert level(record) == (5 - sold, held)
    assert_reconciled(record)


def test_sixteen_oscar_orders_for_the_last_unit_place_exactly_one():
    record = certified_record(1)
    outcomes = race(lambda i: place_order(record.product, 1, f"3000{i:02d}").number)
    assert kinds(outcomes) == ["ok"] + ["refused"] * (THREADS - 1)
    assert get_model("order", "Order").objects.count() == 1
    assert level(record) == (1, 1)
    assert_reconciled(record)


def test_sixteen_calls_with_one_key_hold_the_units_once():
    record = certified_record(10)
    outcomes = race(lambda i: ledger.reserve(record.pk, 3, key="checkout-42").pk)
    assert {result for _, result in outcomes} == {Reservation.objects.get().pk}
    assert level(record) == (10, 3)
    assert StockMovement.objects.filter(reason="reservation").count() == 1
    assert_reconciled(record)

    # One key sent for two records at once: held once, refused for the other record.
    first, second = certified_record(10), certified_record(10)
    outcomes = race(lambda i: ledger.reserve((first, second)[i % 2].pk, 2, key="same-key").pk)
    reservation = Reservation.objects.get(key="same-key")
    winners = [i for i, (kind, _) in enumerate(outcomes) if kind == "ok"]
    assert {(first, second)[i % 2].pk for i in winners} == {reservation.stockrecord_id}
    assert all("đã được dùng" in text for kind, text in outcomes if kind == "refused")
    assert len(winners) == THREADS // 2
    assert_reconciled(first, second)


def test_crossing_transfers_and_sales_of_two_records_never_deadlock():
    a = certified_record(40)
    b = StockRecordFactory(product=a.product, partner=PartnerFactory(), num_in_stock=40)

    def job(i):
        if i % 4 == 0:
            return ledger.transfer(a.pk, b.pk, 2, user=None)
        if i % 4 == 1:
            return ledger.transfer(b.pk, a.pk, 3, user=None)
        if i % 4 == 2:
            return ledger.sell_in_store([(b.pk, 1), (a.pk, 1)], user=None)
        return ledger.sell_in_store([(a.pk, 1), (b.pk, 1)], user=None)

    outcomes = race(job)
    assert kinds(outcomes) == ["ok"] * THREADS
    assert level(a)[0] + level(b)[0] == 80 - 2 * (THREADS // 2)
    assert level(a) == (40 - 4 * 2 + 4 * 3 - 8, 0)
    assert_reconciled(a, b)


def test_releases_consumptions_and_expiry_racing_on_one_reservation_apply_once():
    record = certified_record(3)
    ledger.reserve(record.pk, 3, key="contested")

    def job(i):
        if i % 3 == 0:
            return ledger.release("contested").state
        if i % 3 == 1:
            return ledger.consume("contested", order_number="900001").state
        return ledger.expire_reservations()

    race(job)
    state = Reservation.objects.get().state
    assert state in ("released", "consumed")
    assert level(record) == ((3, 0) if state == "released" else (0, 0))
    assert StockMovement.objects.filter(reason__in=["release", "online_order"]).count() == 1
    assert_reconciled(record)
