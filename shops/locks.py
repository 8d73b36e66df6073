"""Row locks of the showrooms' stock, in one place (the pattern of Saleor's
``warehouse/lock_objects.py``).

Every ledger write locks the stock records it touches with ``SELECT … FOR UPDATE``
ordered by primary key, so two writers touching the same records always wait for each
other in the same order and cannot deadlock. Reservations are locked after their stock
record, never before. Call these inside ``transaction.atomic``. On SQLite
``select_for_update`` is a no-op: the settings open every transaction in IMMEDIATE mode,
so writers serialise on the database lock instead.
"""

from collections.abc import Iterable

from .models import Reservation, StockRecord


def stockrecords_for_update(ids: Iterable[int]) -> dict[int, StockRecord]:
    """Lock the given stock records (pk order) and return them by pk."""
    wanted = sorted(set(ids))
    records = StockRecord.objects.select_for_update().filter(pk__in=wanted).order_by("pk")
    return {record.pk: record for record in records}


def stockrecord_for_update(pk: int) -> StockRecord | None:
    return stockrecords_for_update([pk]).get(pk)


def reservations_for_update(**filters) -> list[Reservation]:
    """Lock reservations matching ``filters`` (pk order); lock their records first."""
    return list(Reservation.objects.select_for_update().filter(**filters).order_by("pk"))


def stockrecords_of_products_for_update(product_ids: Iterable[int]) -> list[StockRecord]:
    """Lock every stock record of the given products (pk order), for listing batches."""
    return list(
        StockRecord.objects.select_for_update()
        .filter(product_id__in=sorted(set(product_ids)))
        .order_by("pk")
    )
