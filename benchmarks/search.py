#!/usr/bin/env python
"""Search benchmark: 20,000 products on PostgreSQL, both backends.

Run by hand (not part of the test suite):

    createdb -h 127.0.0.1 -U postgres ocop_bench_search
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_bench_search \\
        python benchmarks/search.py

It migrates, seeds the demo catalogue (as ``benchmarks/catalogue.py`` does:
certificates in every state, showrooms, stock) unless enough products are
there, gives products without a description one of four (descriptions are
searched), then times 50 typical queries (folded, accented, typos, one or two
words, with filters) through ``search.services.search`` — backend plus
hydration through the catalogue's selector, as a page does — with and
without facet counts, and prints p50/p95 twice: "counted" drops the query's
cached counts before each run (the first request after a catalogue change,
see ``search/facet_cache.py``), "cached" is the same filters asked again
before the next change. Then it starts the Elasticsearch
stand-in (noida-db, NOT a genuine Elasticsearch: its figures say nothing
about a real cluster), rebuilds the index (documents/s) and times every
fifth query on the Elasticsearch backend (the stand-in needs seconds per
query on 20,000 documents).
"""

import argparse
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storefront.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ocop_bench_search")
os.environ.setdefault("DJANGO_DEBUG", "false")
# Production settings refuse the development key; this process serves no one.
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost")
os.environ.setdefault("MEDIA_ROOT", str(ROOT / "var" / "bench-media"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from catalogue.models import Product  # noqa: E402
from search.query import SearchQuery, parse_text  # noqa: E402

QUERIES = [
    # (text, filters)
    ("buoi do tan lac", {}), ("bưởi", {}), ("buoi", {}), ("che", {}), ("chè", {}),
    ("tra hoa vang", {}), ("tra", {}), ("dac san", {}), ("mat ong", {}), ("mật ong rừng", {}),
    ("gao nep", {}), ("nuoc mam", {}), ("ruou", {}), ("ruou ba kich", {}), ("cam cao phong", {}),
    ("mien dong", {}), ("homestay", {}), ("du lich cong dong", {}), ("tho cam", {}),
    ("vai det tay", {}), ("cao ca gai leo", {}), ("chanh leo", {}), ("ca phe", {}),
    ("cà phê buôn ma thuột", {}), ("nam", {}), ("moc chau", {}), ("ha long", {}),
    ("cha muc", {}), ("banh chung", {}), ("mang", {}), ("buoii", {}), ("tra hao vang", {}),
    ("mat onng", {}), ("", {}), ("", {"stars": (5,)}), ("", {"province": ("22",)}),
    ("", {"group": ("beverage",)}), ("", {"sort": "name"}), ("", {"sort": "price_asc"}),
    ("che", {"stars": (4,)}), ("buoi", {"province": ("25",)}), ("tra", {"group": ("beverage",)}),
    ("gao", {"price": ("0-100000",)}), ("ruou", {"producer_kind": ("cooperative",)}),
    ("mat ong", {"in_stock": True}), ("ca", {"sort": "name"}), ("b", {}),
    ("nuoc", {"offset": 48}), ("tranh", {"stars": (3, 4)}), ("lang", {"sort": "newest"}),
]
assert len(QUERIES) == 50
DESCRIPTIONS = [
    "<p>Chế biến theo phương pháp truyền thống từ nguyên liệu địa phương, đóng gói tại "
    "cơ sở đạt chuẩn <strong>OCOP</strong>.</p>",
    "<p>Thu hái trên vùng đồi, phơi sấy tự nhiên; hương vị đậm đà, thích hợp làm quà "
    "biếu dịp lễ Tết.</p>",
    "<p>Hợp tác xã liên kết với các hộ nông dân trong vùng; truy xuất nguồn gốc bằng "
    "mã QR trên bao bì.</p>",
    "<p>Bảo quản nơi khô ráo, tránh ánh nắng trực tiếp. Dùng ngon nhất trong sáu "
    "tháng kể từ ngày sản xuất.</p>",
]
SEED_BATCH = 1_000


def seed(count: int) -> None:
    """``count`` demo products with their certificates, showrooms and stock,
    through the demo services (``benchmarks/catalogue.py``'s seed, without
    importing that benchmark's URL module)."""
    from catalogue.demo.images import product_image
    from catalogue.demo.products import demo_products
    from catalogue.demo.seed import apply_certificates
    from catalogue.validity import local_today
    from shops.demo import create_showrooms, list_products
    from storefront.demo import QUIET_MAIL

    started = time.monotonic()
    products = demo_products(count, today=local_today())
    print(f"seeding {count} products…")
    pictures = {}  # one picture per group: the files differ, the bytes need not

    def picture(demo):
        if demo.group not in pictures:
            pictures[demo.group] = product_image(name=demo.group, group=demo.group)
        return pictures[demo.group]

    with override_settings(EMAIL_BACKEND=QUIET_MAIL):  # demo addresses are not real
        apply_certificates(products, step=lambda n: None, batch_size=SEED_BATCH)
        showrooms = create_showrooms(staff_password="ocop-staff", step=lambda n: None)
        list_products(products, showrooms, picture=picture, step=lambda n: None,
                      batch_size=SEED_BATCH)
    print(f"  seeded in {time.monotonic() - started:.0f} s")


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def time_queries(*, facets: bool, repeat: int, queries=QUERIES,
                 cached: bool = True) -> tuple[list[float], int]:
    """Times ``search()`` per query. ``cached=False`` drops the query's cached
    counts before each run: the first request after a catalogue change."""
    from django.core.cache import cache

    from search import facet_cache
    from search.services import search

    timings, worst_queries = [], 0
    for text, filters in queries:
        filters = dict(filters)
        sort = filters.pop("sort", "relevance")
        offset = filters.pop("offset", 0)
        query = SearchQuery(text=parse_text(text), sort=sort, offset=offset, limit=24,
                            facets=facets, **filters)
        search(query)  # warm-up
        for _ in range(repeat):
            if not cached:
                cache.delete(facet_cache.key(query, facet_cache.generation()))
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                page = search(query)
                timings.append((time.perf_counter() - started) * 1000)
            worst_queries = max(worst_queries, len(captured))
            assert not page.degraded, "Elasticsearch failed during the benchmark"
    return timings, worst_queries


def report(label, timings, queries):
    print(f"  {label:<38} p50 {statistics.median(timings):6.1f} ms   "
          f"p95 {percentile(timings, 95):6.1f} ms   ≤{queries} SQL queries")


def start_noida(port: int, data: str):
    process = subprocess.Popen(
        ["noida-db", "start", "--only", "elasticsearch", "--elasticsearch-port", str(port),
         "--data-dir", data], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)  # a wrapper may start the server as its child
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}", timeout=0.5).read()
            return process
        except OSError:
            time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    raise SystemExit("noida-db did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per query")
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument("--skip-elasticsearch", action="store_true")
    parser.add_argument("--es-port", type=int, default=19209)
    parser.add_argument("--es-every", type=int, default=5,
                        help="time every Nth query on the stand-in (it takes seconds per query)")
    args = parser.parse_args()

    name = settings.DATABASES["default"]["NAME"]
    if connection.vendor != "postgresql" or "bench" not in name:
        raise SystemExit(f"refusing to run on {name!r}: use a PostgreSQL database named *bench*")
    call_command("migrate", verbosity=0)
    if not args.skip_seed and Product.objects.count() < args.products:
        seed(args.products - Product.objects.count())
    with connection.cursor() as cursor:
        # Descriptions are searched too: give the seeded products some.
        cursor.execute(
            "UPDATE catalogue_product SET description = CASE id %% 4 "
            + " ".join(f"WHEN {i} THEN %s" for i in range(len(DESCRIPTIONS)))
            + " END WHERE description = ''", DESCRIPTIONS)
        cursor.execute("ANALYZE")
    total = Product.objects.count()
    sellable = Product.objects.browsable().count()
    print(f"{total} products, {sellable} sellable today; {os.cpu_count()} CPUs")

    settings.ELASTICSEARCH_URL = ""
    print("database backend (PostgreSQL full text + pg_trgm, hydrated through the selector):")
    report("50 queries with facets, counted", *time_queries(facets=True, repeat=args.repeat,
                                                          cached=False))
    report("50 queries with facets, cached", *time_queries(facets=True, repeat=args.repeat))
    report("50 queries without facets, counted",
           *time_queries(facets=False, repeat=args.repeat, cached=False))
    report("50 queries without facets, cached",
           *time_queries(facets=False, repeat=args.repeat))
    if args.skip_elasticsearch:
        return

    with tempfile.TemporaryDirectory() as data:
        process = start_noida(args.es_port, data)
        try:
            settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{args.es_port}"
            settings.ELASTICSEARCH_TIMEOUT = 30
            from search.indexing import rebuild

            result = rebuild()
            print(f"Elasticsearch backend against noida-db {args.es_port} (a stand-in, "
                  "not genuine Elasticsearch):")
            print(f"  full rebuild: {result.documents} documents in {result.seconds:.1f} s "
                  f"= {result.documents / result.seconds:.0f} documents/s")
            sample = QUERIES[:: args.es_every]
            label = f"{len(sample)} of the 50 queries"
            report(f"{label} with facets", *time_queries(facets=True, repeat=1, queries=sample))
            report(f"{label} without facets",
                   *time_queries(facets=False, repeat=1, queries=sample))
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)


if __name__ == "__main__":
    main()
