"""PostgreSQL, real threads with their own connections: readers keep counting
(and caching) while a sale of the last units is in flight. Counts cached
from the state before the commit are never served after it: the change log
row commits with the sale, so the first read after the commit counts afresh."""

import threading
import time

import pytest
from django.db import connection, transaction

from search.backends.database import DatabaseBackend
from search.query import SearchQuery, parse_text
from shops import ledger

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="concurrent transactions are PostgreSQL's (CI runs it)"),
]
READERS = 6


def in_stock(result) -> int:
    return {v.value: v.count for v in result.facets["in_stock"]}["1"]


def test_no_read_after_a_sale_commits_gets_the_counts_from_before(shelf):
    record = shelf["buoi"].stockrecords.get()
    query = SearchQuery(text=parse_text("buoi"), limit=10)
    assert in_stock(DatabaseBackend().search(query)) == 2
    committed = threading.Event()
    stop = threading.Event()
    seen: list[tuple[bool, int]] = []  # (started after the commit, in-stock count)
    errors: list[BaseException] = []

    def reader():
        try:
            while not stop.is_set():
                after = committed.is_set()
                result = DatabaseBackend().search(query)
                seen.append((after, in_stock(result)))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    def seller():
        try:
            with transaction.atomic():
                ledger.sell_in_store([(record.pk, record.num_in_stock)], user=None)
                time.sleep(0.5)  # readers count and cache the old state meanwhile
            committed.set()
            time.sleep(0.5)
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
            committed.set()
        finally:
            stop.set()
            connection.close()

    threads = [threading.Thread(target=reader) for _ in range(READERS)]
    threads.append(threading.Thread(target=seller))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    before = [count for started_after, count in seen if not started_after]
    after = [count for started_after, count in seen if started_after]
    assert before and after, "the readers did not overlap the sale"
    assert set(after) == {1}, after
    assert all(count in (1, 2) for count in before)
    assert in_stock(DatabaseBackend().search(query)) == 1
