"""Benchmark of the reservation API under contention (run by hand, not by pytest).

    createdb -h 127.0.0.1 -U postgres ocop_bench_reservations
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_bench_reservations \\
        python benchmarks/showrooms_reservations.py

8 and 16 threads, each with its own connection, call ``shops.ledger.reserve`` (one
unit, a new key each time) as fast as they can, all on ONE stock record, then spread
over 100 records of one showroom. Each record holds stock for half of the attempts
aimed at it, so half are refused: the run checks that exactly the stock was
reserved (0 oversold) and that every record still reconciles (level = Σ movements,
allocation = Σ held reservations).

Baseline, same threads and data: the pre-ledger way — read the level, check it,
write the new absolute value, no row lock — whose oversold and lost units are
printed too. Goal: ≥ 200 reservations/s on one record. It prints figures; it never
fails on timing. The database is migrated and flushed first: it refuses to run
unless its name contains "bench".
"""

import argparse
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storefront.settings")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "false")
os.environ.setdefault("CELERY_BROKER_URL", "memory://localhost/")

from benchmarks.database import prepare_database  # noqa: E402


def make_records(count: int, stock: int) -> list[int]:
    from shops.models import StockRecord
    from tests.factories import CertificateFactory, PartnerFactory, ProductFactory

    showroom = PartnerFactory(name="Điểm bán OCOP đo tải", slug=f"bench-{time.monotonic_ns()}")
    ids = []
    for _ in range(count):
        product = ProductFactory(stock=False)
        CertificateFactory(product=product)
        ids.append(StockRecord.objects.create(product=product, partner=showroom,
                                              partner_sku=f"B-{product.pk}", price=50000,
                                              price_currency="VND", num_in_stock=stock).pk)
    return ids


def naive_reserve(pk: int, key: str) -> bool:
    """The pre-ledger way: read, check, write an absolute value, no lock."""
    from django.db import transaction

    from shops.models import Reservation, StockRecord

    with transaction.atomic():
        in_stock, held = StockRecord.objects.filter(pk=pk).values_list(
            "num_in_stock", "num_allocated").get()
        if in_stock - (held or 0) < 1:
            return False
        Reservation.objects.create(stockrecord_id=pk, key=key, quantity=1)
        StockRecord.objects.filter(pk=pk).update(num_allocated=(held or 0) + 1)
    return True


def run(threads: int, ids: list[int], attempts: int, *, naive: bool, tag: str) -> dict:
    from django.db import connection

    from shops import ledger
    from shops.ledger import StockError

    barrier = threading.Barrier(threads)
    counts = {"ok": 0, "refused": 0, "error": 0}
    lock = threading.Lock()

    def work(t):
        mine = {"ok": 0, "refused": 0, "error": 0}
        try:
            barrier.wait()
            for n in range(t, attempts, threads):
                pk, key = ids[n % len(ids)], f"{tag}-{n}"
                try:
                    if naive:
                        done = naive_reserve(pk, key)
                    else:
                        ledger.reserve(pk, 1, key=key)
                        done = True
                    mine["ok" if done else "refused"] += 1
                except StockError:
                    mine["refused"] += 1
                except Exception:  # noqa: BLE001 - counted: a constraint caught an oversell
                    mine["error"] += 1
        finally:
            connection.close()
            with lock:
                for k, v in mine.items():
                    counts[k] += v

    workers = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    started = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    counts["seconds"] = time.perf_counter() - started
    return counts


def check(ids: list[int], stock: int) -> tuple[int, int, int]:
    """(oversold, lost, unreconciled records) over the given records."""
    from django.db.models import Count, Sum

    from shops.models import Reservation, StockMovement, StockRecord

    held = dict(Reservation.objects.filter(stockrecord_id__in=ids, state="held")
                .values("stockrecord_id").annotate(n=Count("pk"))
                .values_list("stockrecord_id", "n"))
    moved = dict(StockMovement.objects.filter(stockrecord_id__in=ids).values("stockrecord_id")
                 .annotate(a=Sum("allocated")).values_list("stockrecord_id", "a"))
    oversold = lost = bad = 0
    for pk, allocated in StockRecord.objects.filter(pk__in=ids).values_list("pk", "num_allocated"):
        oversold += max(0, held.get(pk, 0) - stock)
        lost += held.get(pk, 0) - (allocated or 0)
        bad += not (allocated == held.get(pk, 0) == (moved.get(pk) or 0))
    return oversold, lost, bad


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=800, help="reservations tried per run")
    args = parser.parse_args(argv)

    import django

    django.setup()
    prepare_database()
    rows = []
    for records in (1, 100):
        for threads in (8, 16):
            stock = max(1, args.attempts // records // 2)
            for naive in (False, True):
                ids = make_records(records, stock)
                tag = f"{'naive' if naive else 'ledger'}-{records}-{threads}"
                counts = run(threads, ids, args.attempts, naive=naive, tag=tag)
                oversold, lost, bad = check(ids, stock)
                rows.append((
                    "baseline (read, write, no lock)" if naive else "ledger.reserve",
                    records, threads, counts["ok"] + counts["refused"] + counts["error"],
                    counts["ok"], counts["refused"] + counts["error"], counts["seconds"],
                    oversold, lost, "—" if naive else bad,
                ))
    print(f"\n{args.attempts} one-unit reservations per run; each record holds half of "
          "the attempts aimed at it\n")
    print(f"{'path':33} {'records':>7} {'threads':>7} {'tried':>6} {'held':>5} {'refused':>7} "
          f"{'tries/s':>8} {'oversold':>8} {'lost':>5} {'unreconciled':>12}")
    for path, records, threads, tried, ok, refused, seconds, oversold, lost, bad in rows:
        print(f"{path:33} {records:>7} {threads:>7} {tried:>6} {ok:>5} {refused:>7} "
              f"{tried / seconds:>8.0f} {oversold:>8} {lost:>5} {bad!s:>12}")


if __name__ == "__main__":
    main()
