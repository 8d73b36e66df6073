"""Benchmark of the showroom pages on a national network (run by hand, not by pytest).

    createdb -h 127.0.0.1 -U postgres ocop_bench_showrooms
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_bench_showrooms \\
        python benchmarks/showrooms.py

Bulk-inserts 1,000 showrooms (with opening periods), 20,000 certified
products and 200,000 stock records, then measures with Django's test client
the median wall time and the SQL queries of: the locator (/showrooms/, and
filtered by province and open now), a showroom's page, a product page (its
"where to buy" lists ~10 showrooms) and the OCOP map (/ban-do-ocop/). The
baseline is a naive locator page (per showroom: count its products, read its
hours) over the same 30 showrooms. Goal: locator and showroom pages ≤ 15
queries whatever the size. It prints figures; it never fails on timing.

Stock records are inserted in bulk around the ledger (no movements): fine
for reads, not a database to reconcile. The database is migrated and
flushed first: it refuses to run unless its name contains "bench".
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storefront.settings")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "false")
os.environ.setdefault("CELERY_BROKER_URL", "memory://localhost/")

from benchmarks.database import prepare_database  # noqa: E402

BATCH = 5000


def populate(showrooms: int, products: int, records: int, seed: int = 11) -> dict:
    from catalogue.models import Certificate, Producer, Product
    from catalogue.product_classes import product_class_for_group
    from catalogue.province_centres import province_centres
    from catalogue.services import ensure_group_categories
    from shops.models import OpeningPeriod, Partner, StockRecord

    rng = random.Random(seed)
    ensure_group_categories()
    product_class = product_class_for_group("food")
    centres = province_centres()
    codes = list(centres)
    def near(value: float) -> Decimal:
        return Decimal(str(round(value + rng.uniform(-0.3, 0.3), 6)))

    rooms = []
    for n in range(showrooms):
        code = codes[n % len(codes)]
        rooms.append(Partner(
            name=f"Điểm bán OCOP số {n}", code=f"bench-{n}", slug=f"diem-ban-{n}",
            province_code=code, address=f"Số {n} đường Trần Hưng Đạo", phone="0203 3846 118",
            latitude=near(centres[code][0]), longitude=near(centres[code][1]),
        ))
    Partner.objects.bulk_create(rooms, batch_size=BATCH)
    periods = []
    for n, room in enumerate(rooms):
        days = range(6) if n % 3 == 0 else range(7)  # a third closed on Sunday
        opens, closes = (dt.time(17), dt.time(1)) if n % 10 == 0 else (dt.time(8), dt.time(21))
        periods += [
            OpeningPeriod(partner=room, weekday=d, opens=opens, closes=closes) for d in days
        ]
    OpeningPeriod.objects.bulk_create(periods, batch_size=BATCH)

    producers = [
        Producer(registry_id=f"B-P-{n:05d}", slug=f"htx-bench-{n}", name=f"Hợp tác xã số {n}",
                 kind="cooperative", province_code=codes[n % len(codes)])
        for n in range((products + 3) // 4)  # four products per producer, the last fewer
    ]
    Producer.objects.bulk_create(producers, batch_size=BATCH)
    items = [
        Product(code=f"B-SP-{n:06d}", title=f"Sản phẩm OCOP số {n}", slug=f"san-pham-{n}",
                structure="standalone", product_class=product_class, is_public=True,
                producer=producers[n // 4], province_code=producers[n // 4].province_code,
                search_text=f"san pham ocop so {n}")
        for n in range(products)
    ]
    Product.objects.bulk_create(items, batch_size=BATCH)
    today = dt.date.today()
    Certificate.objects.bulk_create(
        [
            Certificate(certificate_no=f"B-{n:06d}", product=item, stars=rng.choice((3, 3, 4, 5)),
                        level="provincial", issued_on=today - dt.timedelta(days=100),
                        expires_on=today + dt.timedelta(days=900))
            for n, item in enumerate(items)
        ],
        batch_size=BATCH,
    )
    per_product = max(1, records // products)
    stock = []
    for n, item in enumerate(items):
        for k in rng.sample(range(showrooms), per_product):
            stock.append(StockRecord(product=item, partner=rooms[k], partner_sku=f"B-{n}-{k}",
                                     price=Decimal("125000"), price_currency="VND",
                                     num_in_stock=rng.choice((0, 2, 8, 40)),
                                     low_stock_threshold=5))
            if len(stock) >= BATCH:
                StockRecord.objects.bulk_create(stock)
                stock = []
    StockRecord.objects.bulk_create(stock)
    return {"showroom": rooms[0], "product": items[0]}


def measure(client, url: str, repeat: int) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        queries = len(captured)
    return statistics.median(times) * 1000, queries, response.status_code


def naive_locator() -> None:
    """What the locator would cost read showroom by showroom (the baseline)."""
    from catalogue.models import Product
    from shops.models import Partner, StockRecord

    certified = Product.objects.browsable().values("pk")
    for room in Partner.objects.filter(is_showroom=True).order_by("province_code", "name")[:30]:
        StockRecord.objects.filter(partner=room, num_in_stock__gt=0,
                                   product__in=certified).count()
        list(room.opening_periods.all())


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--showrooms", type=int, default=1000)
    parser.add_argument("--products", type=int, default=20000)
    parser.add_argument("--records", type=int, default=200000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    import django

    django.setup()
    prepare_database()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    start = time.perf_counter()
    made = populate(args.showrooms, args.products, args.records)
    print(f"populated {args.showrooms} showrooms, {args.products} products, "
          f"{args.records} stock records in {time.perf_counter() - start:.1f} s")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")

    client = Client()
    pages = {
        "locator /showrooms/": "/showrooms/",
        "locator, province + open now": "/showrooms/?province=22&open=1",
        "showroom page": made["showroom"].get_absolute_url(),
        "product page (where to buy)": made["product"].get_absolute_url(),
        "OCOP map /ban-do-ocop/": "/ban-do-ocop/",
    }
    print(f"{'page':34} {'median ms':>10} {'queries':>8} {'status':>7}")
    for label, url in pages.items():
        ms, queries, status = measure(client, url, args.repeat)
        print(f"{label:34} {ms:10.1f} {queries:8d} {status:7d}")
    times = []
    for _ in range(args.repeat):
        with CaptureQueriesContext(connection) as captured:
            begin = time.perf_counter()
            naive_locator()
            times.append(time.perf_counter() - begin)
    print(f"{'baseline: naive locator (30 rows)':34} {statistics.median(times) * 1000:10.1f} "
          f"{len(captured):8d}    (reads only, no page rendered)")


if __name__ == "__main__":
    main()
