"""Helpers for the registry feed, webhook and task tests: record builders
that follow the contract (§1). The ``registry`` fixture, a real registry
server on 127.0.0.1, lives in ``tests/catalogue/conftest.py``."""

import datetime as dt
import itertools
from contextlib import contextmanager

from django.db import connection
from django.utils import timezone

from catalogue.models import Product, SyncRun
from catalogue.registry.feed import FEED_LOCK_ID
from catalogue.validity import local_today
from tests.catalogue.conftest import TOKEN  # noqa: F401 - the registry tests import it from here

VN = dt.timezone(dt.timedelta(hours=7))

BASE_TIME = dt.datetime(2026, 11, 1, 8, 0, tzinfo=VN)
_numbers = itertools.count(1)


def ts(minutes: int = 0) -> str:
    """An RFC 3339 registry timestamp ``minutes`` after a fixed base."""
    return (BASE_TIME + dt.timedelta(minutes=minutes)).isoformat()


def make_record(certificate_no: str | None = None, **overrides) -> dict:
    """A valid registry record (valid today), changed by ``overrides``."""
    n = next(_numbers)
    today = local_today()
    record = {
        "certificate_no": certificate_no or f"RG-2025-{n:04d}",
        "product_code": f"RG-SP-{n:04d}",
        "product_name": f"Chả mực Hạ Long {n}",
        "group": "food",
        "stars": 4,
        "level": "provincial",
        "status": "active",
        "issued_on": (today - dt.timedelta(days=365)).isoformat(),
        "expires_on": (today + dt.timedelta(days=730)).isoformat(),
        "revoked_on": None,
        "revocation_reason": None,
        "decision_no": f"{n}/QĐ-UBND",
        "issuer": "UBND tỉnh Quảng Ninh",
        "province_code": "22",
        "producer": {
            "registry_id": f"P-22-R{n:04d}",
            "name": f"Công ty TNHH Chả mực Hạ Long {n}",
            "tax_code": f"57{n:08d}",
            "kind": "company",
        },
        "updated_at": ts(n),
    }
    record.update(overrides)
    return record


def record_of(certificate, **overrides) -> dict:
    """The registry record of a certificate made with the factories."""
    product = certificate.product
    return make_record(
        certificate.certificate_no,
        product_code=product.code,
        product_name=product.title,
        producer={
            "registry_id": product.producer.registry_id,
            "name": product.producer.name,
            "tax_code": product.producer.tax_code,
            "kind": product.producer.kind,
        },
        issued_on=certificate.issued_on.isoformat(),
        expires_on=certificate.expires_on.isoformat(),
        **overrides,
    )


def revoked(record: dict, *, updated_at: str, reason: str = "Vi phạm Luật An toàn thực phẩm"):
    return {
        **record,
        "status": "revoked",
        "revoked_on": local_today().isoformat(),
        "revocation_reason": reason,
        "updated_at": updated_at,
    }


def browsable_codes() -> set[str]:
    return set(Product.objects.browsable().values_list("code", flat=True))


def list_products(codes) -> None:
    """What staff do after a first sync: give the new products a listing."""
    Product.objects.filter(code__in=codes).update(is_public=True)


@contextmanager
def celery_transport(app, *, broker_url: str, result_backend: str | None = None, **conf):
    """Point the project's Celery app at another broker with eager mode off,
    dropping the connections and queues it cached, and put everything back."""
    keys = {"broker_url": broker_url, "result_backend": result_backend, **conf}
    keys.setdefault("task_always_eager", False)
    previous = {key: app.conf.get(key) for key in keys}

    def reset():
        app._pool = None
        app.__dict__.pop("amqp", None)
        app._backend_cache = None
        app._local.__dict__.pop("backend", None)

    app.conf.update(keys)
    reset()
    try:
        yield app
    finally:
        app.conf.update(previous)
        reset()


def other_session():
    """A second PostgreSQL session on the test database (another process's view)."""
    import psycopg

    db = connection.settings_dict
    return psycopg.connect(
        dbname=db["NAME"],
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        autocommit=True,
    )


@contextmanager
def another_feed_run_holding_the_lock():
    """What another process in the middle of a feed run looks like: a running
    run that beats and, on PostgreSQL, the advisory lock held by its session."""
    run = SyncRun.objects.create(source="feed", heartbeat_at=timezone.now())
    try:
        if connection.vendor == "postgresql":
            with other_session() as other:
                other.execute("SELECT pg_advisory_lock(%s)", [FEED_LOCK_ID])
                yield run
        else:
            yield run
    finally:
        SyncRun.objects.filter(pk=run.pk).update(status=SyncRun.Status.FAILED)
