"""Benchmark of placing orders end to end (run by hand, not by pytest).

    createdb -h 127.0.0.1 -U postgres ocop_bench_checkout
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_bench_checkout \\
        python benchmarks/checkout.py

Guest shoppers, each in its own process with its own database connection
(``--threads``: threads of one process, which share one interpreter lock and
so measure the interpreter more than the database), drive Django's test
``Client`` (the whole middleware stack and sessions, no network) from an
empty basket to a placed order through the real checkout views: add 1–3 of
1,000 certified products to the basket, give an e-mail, a Vietnamese address
(a random province of the 34 and a ward of it), home delivery, cash on
delivery, then "Đặt hàng". Placing the order is the real path: the basket
row lock, the delivery re-check, the last certificate check, Oscar's
allocation turned into a stock-ledger reservation under row locks, the
certificate each line is sold under, the consent and the e-mail.

Printed for 8 concurrent shoppers next to a baseline of 1: orders placed per
second end to end, the place-order request's p50/p95 and its SQL queries,
a consistency check (every order's lines reserved exactly once and named
with a certificate, no stock record below zero), and where PostgreSQL's
sessions spent the run (sampled: waiting for a row lock, or for the
application). It never fails on timing.
The database is migrated and flushed first: it refuses to run unless its
name contains "bench".
"""

import argparse
import os
import random
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storefront.settings")
# Production settings (cached templates, no debug) for the test client's plain-http
# requests: its own host, a throw-away key, no redirect to https.
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "false")
os.environ.setdefault("CELERY_BROKER_URL", "memory://localhost/")

from benchmarks.database import prepare_database  # noqa: E402

WARD_OF = {}


def restore_migrated_rows() -> None:
    """``flush`` empties what data migrations wrote: the country Việt Nam and the
    nationwide delivery rates. Put them back with the migrations' own functions."""
    import importlib

    from django.apps import apps

    importlib.import_module("storefront.checkout.migrations.0001_initial").add_vietnam(
        apps, None)
    importlib.import_module(
        "storefront.shipping.migrations.0004_weightbased_province_codes").nationwide_card(
        apps, None)


def seed(count: int) -> list[int]:
    """``count`` certified products on sale at the online warehouse, plenty of stock."""
    from catalogue.services import ensure_group_categories
    from shops.models import StockRecord
    from tests.factories import CertificateFactory, PartnerFactory, ProductFactory

    ensure_group_categories()
    warehouse = PartnerFactory(name="Kho OCOP trực tuyến", slug="kho-truc-tuyen",
                               province_code="01", is_showroom=False)
    rng = random.Random(13)
    ids = []
    for n in range(count):
        product = ProductFactory(title=f"Sản phẩm OCOP đo tải {n:04d}", stock=False,
                                 weight_grams=rng.choice((300, 500, 800, 1200)))
        CertificateFactory(product=product)
        StockRecord.objects.create(product=product, partner=warehouse,
                                   partner_sku=f"BENCH-{product.pk}",
                                   price=rng.choice((45000, 85000, 125000, 160000)),
                                   price_currency="VND", num_in_stock=100_000)
        ids.append(product.pk)
    return ids


def one_order(client, product_ids, rng, email, timings, queries) -> bool:
    """Basket to placed order as a guest paying cash on delivery; True when placed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from catalogue.provinces import today_provinces
    from storefront.checkout.addresses import ward_choices

    for pk in rng.sample(product_ids, rng.randint(1, 3)):
        client.post(reverse("basket:add", args=[pk]), {"quantity": rng.randint(1, 2)})
    client.post(reverse("checkout:index"), {"username": email, "options": "anonymous"})
    province = rng.choice(list(today_provinces()))
    if province not in WARD_OF:
        WARD_OF[province] = ward_choices(province)[0][0]
    steps = [
        (reverse("checkout:shipping-address"), {
            "first_name": "Nguyễn Thị Lan", "phone_number": "0912 345 678",
            "province": province, "ward": WARD_OF[province],
            "line1": "Số 12 đường Cù Chính Lan", "notes": "", "consent": "on"}),
        (reverse("checkout:shipping-method"), {"method_code": "giao-hang-tan-noi"}),
        (reverse("checkout:payment-method"), {"method": "cod"}),
    ]
    for url, data in steps:
        response = client.post(url, data)
        if response.status_code != 302:
            return False
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        response = client.post(reverse("checkout:preview"), {"action": "place_order"})
    timings.append(time.perf_counter() - started)
    queries.append(len(captured))
    return response.status_code == 302 and response["Location"].endswith(
        reverse("checkout:thank-you"))


def shop(tag: str, index: int, orders: int, product_ids: list[int]) -> dict:
    """One shopper placing ``orders`` orders, each as a new guest (new session, basket)."""
    from django.db import connections
    from django.test import Client

    rng = random.Random(f"{tag}-{index}")
    mine = {"placed": 0, "refused": 0, "errors": 0, "timings": [], "queries": []}
    try:
        for n in range(orders):
            try:
                ok = one_order(Client(), product_ids, rng, f"{tag}-{index}-{n}@example.vn",
                               mine["timings"], mine["queries"])
                mine["placed" if ok else "refused"] += 1
            except Exception as error:  # noqa: BLE001 - a 500 is counted and shown
                mine["errors"] += 1
                print(f"error: {error!r}", file=sys.stderr)
    finally:
        connections.close_all()
    return mine


def _shop_in_process(args):
    return shop(*args)


def run(shoppers: int, orders_each: int, product_ids: list[int], tag: str, *,
        processes: bool) -> dict:
    """``shoppers`` shoppers at once: processes (each its own interpreter and
    connection, as behind a multi-process server) or threads of this process
    (which share one interpreter lock, so they measure less than the database allows)."""
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

    from django.db import connections

    jobs = [(tag, i, orders_each, product_ids) for i in range(shoppers)]
    if processes:
        connections.close_all()  # no connection crosses the fork
        import multiprocessing

        pool = ProcessPoolExecutor(shoppers, mp_context=multiprocessing.get_context("fork"))
    else:
        pool = ThreadPoolExecutor(shoppers)
    started = time.perf_counter()
    with pool:
        results = list(pool.map(_shop_in_process, jobs))
    totals = {"placed": 0, "refused": 0, "errors": 0, "timings": [], "queries": [],
              "seconds": time.perf_counter() - started}
    for mine in results:
        for key in ("placed", "refused", "errors", "timings", "queries"):
            totals[key] += mine[key]
    return totals


class WaitSampler:
    """Samples PostgreSQL's sessions of this database every 0.2 s while shoppers run:
    how many are busy, and how many of those wait for a row lock (``Lock``) or for
    the application (``ClientRead``: the shopper's Python is working)."""

    def __init__(self):
        import threading

        self.samples = {"busy": 0, "Lock": 0, "ClientRead": 0, "n": 0}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)

    def sample(self):
        from django.db import connection

        if connection.vendor != "postgresql":
            return
        try:
            with connection.cursor() as cursor:
                while not self.stop.wait(0.2):
                    cursor.execute(
                        "SELECT wait_event_type, wait_event FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                        "AND state IN ('active', 'idle in transaction')")
                    rows = cursor.fetchall()
                    self.samples["n"] += 1
                    self.samples["busy"] += len(rows)
                    self.samples["Lock"] += sum(kind == "Lock" for kind, _event in rows)
                    self.samples["ClientRead"] += sum(
                        event == "ClientRead" for _kind, event in rows)
        finally:
            connection.close()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()

    def summary(self) -> str:
        n, busy = max(1, self.samples["n"]), max(1, self.samples["busy"])
        return (f"{self.samples['busy'] / n:.1f} sessions in a transaction on average; of "
                f"their time {self.samples['Lock'] / busy:.0%} waiting for a row lock, "
                f"{self.samples['ClientRead'] / busy:.0%} waiting for the application")


def consistency() -> tuple[int, int, int, int]:
    """(orders, lines without a certificate, lines not reserved once, records below zero)."""
    from django.db.models import F, Sum
    from oscar.apps.order.models import Line, Order

    from shops.models import Reservation, StockRecord

    lines = Line.objects.all()
    uncertified = lines.filter(sold_under__isnull=True).count()
    ordered = lines.aggregate(n=Sum("quantity"))["n"] or 0
    held = Reservation.objects.filter(state="held").aggregate(n=Sum("quantity"))["n"] or 0
    allocated = StockRecord.objects.aggregate(n=Sum("num_allocated"))["n"] or 0
    below_zero = StockRecord.objects.filter(num_allocated__gt=F("num_in_stock")).count()
    return Order.objects.count(), uncertified, abs(ordered - held) + abs(ordered - allocated), (
        below_zero)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--shoppers", type=int, default=8)
    parser.add_argument("--orders-each", type=int, default=20,
                        help="orders each of the concurrent shoppers places")
    parser.add_argument("--baseline-orders", type=int, default=40,
                        help="orders the single shopper places")
    parser.add_argument("--threads", action="store_true",
                        help="shoppers as threads of one process instead of processes")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host, e-mails kept in memory
    prepare_database()
    restore_migrated_rows()
    started = time.perf_counter()
    product_ids = seed(args.products)
    print(f"seeded {len(product_ids)} certified products in "
          f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    run(1, 3, product_ids, "warmup", processes=False)

    rows = []
    for shoppers, orders_each in ((1, args.baseline_orders), (args.shoppers, args.orders_each)):
        before = consistency()[0]
        with WaitSampler() as waits:
            result = run(shoppers, orders_each, product_ids, f"run{shoppers}",
                         processes=not args.threads)
        result["waits"] = waits.summary()
        orders, uncertified, unreserved, below_zero = consistency()
        rows.append((shoppers, result, orders - before, uncertified, unreserved, below_zero))

    print(f"\nGuest orders, cash on delivery, home delivery; {args.products} certified "
          f"products, 1–3 lines each; shoppers as {'threads' if args.threads else 'processes'}; "
          f"{connection.vendor}\n")
    print(f"{'shoppers':>8} {'placed':>6} {'refused':>7} {'errors':>6} {'orders/s':>8} "
          f"{'place p50':>9} {'place p95':>9} {'queries':>7} {'new orders':>10} "
          f"{'uncertified':>11} {'unreserved':>10} {'below zero':>10}")
    baseline = None
    for shoppers, result, new, uncertified, unreserved, below_zero in rows:
        rate = result["placed"] / result["seconds"]
        baseline = baseline or rate
        timings = result["timings"] or [0.0]
        print(f"{shoppers:>8} {result['placed']:>6} {result['refused']:>7} "
              f"{result['errors']:>6} {rate:>8.2f} {percentile(timings, .5) * 1000:>7.0f}ms "
              f"{percentile(timings, .95) * 1000:>7.0f}ms "
              f"{statistics.median(result['queries'] or [0]):>7.0f} {new:>10} "
              f"{uncertified:>11} {unreserved:>10} {below_zero:>10}")
    print()
    for shoppers, result, *_ in rows:
        print(f"{shoppers} shopper(s), PostgreSQL sampled: {result['waits']}")
    print(f"machine load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    shoppers, result = rows[-1][:2]
    print(f"\n{shoppers} shoppers: {result['placed'] / result['seconds'] / baseline:.2f}× "
          "the single shopper's rate")


if __name__ == "__main__":
    main()
