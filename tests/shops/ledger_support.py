"""Helpers shared by the ledger tests: the ledger's invariants, checked in SQL."""

from django.db.models import Sum

from shops.models import Reservation, StockMovement, StockRecord


def assert_reconciled(*records):
    """level = Σ movements, allocation = Σ movements' allocation = Σ held reservations,
    nothing negative, for the given records (all records when none given)."""
    ids = [r.pk for r in records] or list(StockRecord.objects.values_list("pk", flat=True))
    for record in StockRecord.objects.filter(pk__in=ids):
        sums = StockMovement.objects.filter(stockrecord=record).aggregate(
            quantity=Sum("quantity"), allocated=Sum("allocated")
        )
        held = Reservation.objects.filter(stockrecord=record, state="held").aggregate(
            n=Sum("quantity")
        )["n"] or 0
        level, allocated = record.num_in_stock or 0, record.num_allocated or 0
        assert level == (sums["quantity"] or 0), f"record {record.pk}: level {level} vs {sums}"
        assert allocated == (sums["allocated"] or 0) == held, (
            f"record {record.pk}: allocated {allocated}, movements {sums}, held {held}"
        )
        assert 0 <= allocated <= level


def level(record) -> tuple[int, int]:
    record.refresh_from_db()
    return record.num_in_stock or 0, record.num_allocated or 0
