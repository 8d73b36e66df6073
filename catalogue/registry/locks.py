"""Row locks of the registry mirror, in one place and one order.

Every writer of certificates takes them the same way, so concurrent feed
pages, webhook deliveries and imports serialise per certificate instead of
deadlocking or losing a record:

1. ``lock_certificates``: ``SELECT … FOR UPDATE`` of the stored rows, in
   primary-key order;
2. ``insert_new_certificates``: ``INSERT … ON CONFLICT DO NOTHING`` of the
   rest, in certificate-number order; a number another transaction inserted
   first is locked and decided in the next round.

On SQLite ``FOR UPDATE`` does not exist: writers there run in ``IMMEDIATE``
transactions (settings), which serialise them whole.
"""

import time
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from django.db import OperationalError, connection
from django.db.models.constants import OnConflict

from ..models import Certificate

T = TypeVar("T")
# Rows per INSERT: one statement per feed page; on SQLite 1,000 rows × 16
# columns stay under its 32,766 parameters.
INSERT_BATCH = 1000


def lock_certificates(numbers: Iterable[str]) -> dict[str, Certificate]:
    """The stored certificates among ``numbers``, locked until the transaction ends."""
    numbers = sorted(set(numbers))
    if not numbers:
        return {}
    rows = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("product__producer")
        .prefetch_related("product__categories")
        .filter(certificate_no__in=numbers)
        .order_by("pk")
    )
    return {certificate.certificate_no: certificate for certificate in rows}


def insert_new_certificates(certificates: Sequence[Certificate]) -> set[str]:
    """Insert the certificates whose number is still free; return the numbers inserted.

    ``INSERT … ON CONFLICT DO NOTHING RETURNING`` through Django's own bulk
    insert (``UNNEST`` on PostgreSQL). Each inserted instance gets its primary
    key; a number that exists by now (another delivery won the race) is left
    alone and not returned.
    """
    opts = Certificate._meta
    fields = [f for f in opts.concrete_fields if not f.primary_key]
    number_field = opts.get_field("certificate_no")
    ordered = sorted(certificates, key=lambda c: c.certificate_no)
    by_number = {c.certificate_no: c for c in ordered}
    batch_size = INSERT_BATCH
    inserted: set[str] = set()
    for start in range(0, len(ordered), batch_size):
        rows = Certificate._base_manager._insert(
            ordered[start : start + batch_size],
            fields=fields,
            returning_fields=[opts.pk, number_field],
            using=connection.alias,
            on_conflict=OnConflict.IGNORE,
        )
        for row in rows:
            if row is None:  # a single row that was not inserted
                continue
            pk, number = row
            by_number[number].pk = pk
            by_number[number]._state.adding = False
            inserted.add(number)
    return inserted


DEADLOCK_RETRIES = 3
RETRYABLE = {"40P01", "40001"}  # PostgreSQL: deadlock detected, serialization failure


def retry_on_deadlock(work: Callable[[], T]) -> T:
    """Run ``work`` (one whole transaction) again when the database chose it as a
    deadlock victim or could not serialise it; other errors pass through."""
    for attempt in range(DEADLOCK_RETRIES):
        try:
            return work()
        except OperationalError as error:
            code = getattr(error.__cause__, "sqlstate", None)
            if code not in RETRYABLE or attempt + 1 == DEADLOCK_RETRIES:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")
