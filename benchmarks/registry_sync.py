"""Benchmark of the registry pull feed (run by hand, not by pytest).

    createdb -h 127.0.0.1 -U postgres ocop_bench_sync
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_bench_sync \\
        python benchmarks/registry_sync.py

Serves 20,000 generated records (20 pages of 1,000) from the test registry
server on 127.0.0.1 and measures:

- a full sync through ``sync_feed`` (wall time, records/s, SQL queries);
- an incremental sync after 100 records changed (the watermark at work);
- a naive loop (get_or_create/save per record, same validation, same pages)
  into a separate set of codes, for the ratio.

The database is migrated and flushed first: it refuses to run unless the
database name contains "bench". Side effects are queued on an in-memory
broker (no worker), as in production where a worker runs them apart.
"""

import argparse
import datetime as dt
import os
import random
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storefront.settings")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "false")
os.environ.setdefault("CELERY_BROKER_URL", "memory://localhost/")

from benchmarks.database import prepare_database  # noqa: E402

VN = dt.timezone(dt.timedelta(hours=7))
TOKEN = "bench-token"
GROUPS = ("food", "beverage", "herbal", "textile", "souvenir_decor", "tourism_service")
PROVINCES = ("22", "01", "19", "25", "06", "17", "79", "48", "92", "37", "40", "56")
KINDS = ("company", "cooperative", "cooperative_group", "household")


def generate(count: int, *, prefix: str, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    base = dt.datetime(2026, 1, 1, 8, 0, tzinfo=VN)
    today = dt.date(2026, 11, 24)
    records = []
    for n in range(count):
        stars = rng.choice((3, 3, 3, 4, 4, 5))
        issued = today - dt.timedelta(days=rng.randint(0, 1000))
        producer = n // 4  # four products per producer
        records.append(
            {
                "certificate_no": f"{prefix}-{n:06d}",
                "product_code": f"{prefix}-SP-{n:06d}",
                "product_name": f"Sản phẩm OCOP số {n} — Bưởi đỏ Tân Lạc",
                "group": rng.choice(GROUPS),
                "stars": stars,
                "level": "national" if stars == 5 else "provincial",
                "status": "active",
                "issued_on": issued.isoformat(),
                "expires_on": (issued + dt.timedelta(days=1095)).isoformat(),
                "revoked_on": None,
                "revocation_reason": None,
                "decision_no": f"{n}/QĐ-UBND",
                "issuer": "UBND tỉnh Quảng Ninh",
                "province_code": rng.choice(PROVINCES),
                "producer": {
                    "registry_id": f"{prefix}-P-{producer:05d}",
                    "name": f"Hợp tác xã Yến Dương {producer}",
                    "tax_code": f"57{producer:08d}",
                    "kind": rng.choice(KINDS),
                },
                "updated_at": (base + dt.timedelta(seconds=n)).isoformat(),
            }
        )
    return records


@contextmanager
def counting_queries():
    from django.db import connection

    counter = {"n": 0}

    def count(execute, sql, params, many, context):
        counter["n"] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield counter


def measure(label: str, records: int, action) -> dict:
    with counting_queries() as queries:
        started = time.perf_counter()
        action()
        seconds = time.perf_counter() - started
    return {"label": label, "records": records, "seconds": seconds, "queries": queries["n"]}


def naive_sync(client, page_size: int) -> int:
    """What the sync service replaces: one record at a time with the ORM."""
    from django.db import transaction

    from catalogue.models import Certificate, CertificateChange, Producer, Product, SyncRun
    from catalogue.product_classes import product_class_for_group
    from catalogue.registry.records import RecordError, parse_record
    from catalogue.services import ensure_group_categories

    run = SyncRun.objects.create(source="feed", source_detail="naive benchmark")
    categories = ensure_group_categories()
    classes = {group: product_class_for_group(group) for group in GROUPS}
    cursor, applied = None, 0
    while True:
        page = client.fetch_page(updated_since=None, page_size=page_size, cursor=cursor)
        with transaction.atomic():
            for item in page.items:
                try:
                    r = parse_record(item)
                except RecordError:
                    continue
                producer, _ = Producer.objects.get_or_create(
                    registry_id=r.producer.registry_id,
                    defaults={"name": r.producer.name, "kind": r.producer.kind},
                )
                producer.name, producer.tax_code = r.producer.name, r.producer.tax_code
                producer.kind, producer.province_code = r.producer.kind, r.today_province_code
                producer.save()
                product, _ = Product.objects.get_or_create(
                    code=r.product_code,
                    defaults={
                        "title": r.product_name,
                        "product_class": classes[r.group],
                        "producer": producer,
                        "is_public": False,
                    },
                )
                product.title, product.producer = r.product_name, producer
                product.province_code = r.today_province_code
                product.save()
                product.categories.add(categories[r.group])
                certificate, created = Certificate.objects.get_or_create(
                    certificate_no=r.certificate_no,
                    defaults={
                        "product": product,
                        "stars": r.stars,
                        "level": r.level,
                        "issued_on": r.issued_on,
                        "expires_on": r.expires_on,
                        "registry_updated_at": r.updated_at,
                    },
                )
                for name in ("stars", "level", "status", "issued_on", "expires_on", "decision_no",
                             "issuer", "revoked_on", "revocation_reason"):
                    setattr(certificate, name, getattr(r, name))
                certificate.issuing_province_code = r.province_code
                certificate.registry_updated_at = r.updated_at
                certificate.save()
                CertificateChange.objects.create(
                    certificate=certificate,
                    run=run,
                    source="feed",
                    changes={"stars": [None, r.stars]},
                    registry_updated_at=r.updated_at,
                )
                applied += 1
        if page.next_cursor is None:
            return applied
        cursor = page.next_cursor


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--page-size", type=int, default=1_000)
    parser.add_argument("--changed", type=int, default=100)
    parser.add_argument("--naive-records", type=int, default=None, help="default: --records")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.conf import settings

    from catalogue.models import Certificate
    from catalogue.registry.feed import FeedConfig, RegistryFeedClient, rfc3339, sync_feed
    from tests.registry_server import RegistryServer

    prepare_database()
    records = generate(args.records, prefix="BM")
    naive_records = generate(args.naive_records or args.records, prefix="NV")
    rows = []
    with RegistryServer(token=TOKEN, records=records) as registry:
        settings.OCOP_REGISTRY_URL = registry.url
        settings.OCOP_REGISTRY_TOKEN = TOKEN
        settings.OCOP_REGISTRY_PAGE_SIZE = args.page_size
        settings.OCOP_REGISTRY_TIMEOUT = 60
        registry.server_time = "2026-11-24T06:00:00+07:00"

        runs = {}
        rows.append(measure("full sync (sync_feed)", len(records),
                            lambda: runs.setdefault("full", sync_feed())))

        rng = random.Random(11)
        changed_at = dt.datetime(2026, 11, 24, 6, 5, tzinfo=VN)
        for i, record in enumerate(rng.sample(records, args.changed)):
            record["stars"] = 4 if record["stars"] == 3 else 3
            record["level"] = "provincial"
            record["updated_at"] = (changed_at + dt.timedelta(seconds=i)).isoformat()
        registry.server_time = "2026-11-24T06:15:00+07:00"
        rows.append(measure(f"incremental ({args.changed} changed)", args.changed,
                            lambda: runs.setdefault("incremental", sync_feed())))

        registry.records = naive_records
        client = RegistryFeedClient(FeedConfig.from_settings())
        rows.append(measure("naive per-record loop", len(naive_records),
                            lambda: naive_sync(client, args.page_size)))

    full, incremental = runs["full"], runs["incremental"]
    assert full.applied == len(records), full.applied
    assert incremental.applied == args.changed, incremental.applied
    naive_stored = Certificate.objects.filter(certificate_no__startswith="NV-").count()
    assert naive_stored == len(naive_records), naive_stored

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"\nRegistry sync benchmark — {engine}, "
          f"{os.cpu_count()} CPUs, page size {args.page_size}\n")
    header = ("scenario", "records", "wall s", "records/s", "SQL", "SQL/page")
    print("{:<30} {:>8} {:>8} {:>10} {:>8} {:>9}".format(*header))
    for row in rows:
        pages = max(1, -(-row["records"] // args.page_size))
        print(f"{row['label']:<30} {row['records']:>8} {row['seconds']:>8.2f} "
              f"{row['records'] / row['seconds']:>10.0f} {row['queries']:>8} "
              f"{row['queries'] / pages:>9.1f}")
    full_rate = rows[0]["records"] / rows[0]["seconds"]
    naive_rate = rows[2]["records"] / rows[2]["seconds"]
    print(f"\nfull sync vs naive loop: {full_rate / naive_rate:.1f}x faster "
          f"(target: full sync <= 60 s and >= 10x)")
    print(f"runs: full #{full.pk} {full.pages} pages; incremental #{incremental.pk} "
          f"{incremental.pages} page(s), asked updated_since={rfc3339(incremental.updated_since)}")


if __name__ == "__main__":
    main()
