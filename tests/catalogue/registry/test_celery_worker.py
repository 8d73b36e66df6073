"""Catalogue tasks through a real Celery worker on the real Redis broker.

The registry sync task runs in the worker; its committed revocation sends
``catalogue.signals.sellability_changed``, whose ``shops`` receiver queues
the showroom notice through Redis again, and the worker tells the showroom's
staff. Nothing runs eagerly here.
"""

import datetime as dt
import time
import uuid

import pytest
import redis
from django.utils import timezone
from oscar.apps.communication.models import Notification

from catalogue.models import Certificate, SyncRun
from catalogue.tasks import sync_registry
from storefront.celery import app as celery_app
from tests.factories import CertificateFactory, PartnerFactory, StockRecordFactory
from tests.registry_server import RegistryServer

from .conftest import TOKEN, record_of, revoked

# A database of its own so no other worker on this Redis takes our tasks.
REDIS = "redis://127.0.0.1:6379/13"


def _redis_reachable() -> bool:
    try:
        return redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not _redis_reachable(), reason=f"Redis is not reachable at {REDIS}"),
]


@pytest.fixture
def worker(settings):
    from celery.contrib.testing import tasks  # noqa: F401  (registers celery.ping)
    from celery.contrib.testing.worker import start_worker

    from .conftest import celery_transport

    queue = f"ocop-test-{uuid.uuid4().hex[:8]}"
    settings.CELERY_BROKER_URL = settings.CELERY_RESULT_BACKEND = REDIS
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with celery_transport(
        celery_app,
        broker_url=REDIS,
        result_backend=REDIS,
        task_default_queue=queue,
        result_expires=120,
    ):
        with start_worker(celery_app, pool="solo", perform_ping_check=True, queues=[queue]) as w:
            yield w
    client = redis.Redis.from_url(REDIS)
    client.delete(queue, *client.keys(f"*{queue}*"))


def wait_for(condition, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_the_sync_task_and_its_side_effects_run_in_a_real_worker(worker, settings):
    certificate = CertificateFactory(
        product__stock=False, registry_updated_at=timezone.now() - dt.timedelta(days=1)
    )
    product = certificate.product
    showroom = PartnerFactory()
    staff = showroom.users.create(username="nv-halong", email="nv@halong.example.vn")
    StockRecordFactory(product=product, partner=showroom, num_in_stock=3)
    record = record_of(certificate)

    with RegistryServer(token=TOKEN) as registry:
        registry.records = [revoked(record, updated_at=timezone.now().isoformat())]
        settings.OCOP_REGISTRY_URL = registry.url
        settings.OCOP_REGISTRY_TOKEN = TOKEN
        settings.OCOP_REGISTRY_RETRY_BASE_DELAY = 0.01

        result = sync_registry.delay()
        outcome = result.get(timeout=30)

    assert outcome["status"] == "completed" and outcome["applied"] == 1
    assert result.backend.__class__.__name__ == "RedisBackend"
    assert SyncRun.objects.get(pk=outcome["run"]).status == "completed"
    assert Certificate.objects.get(pk=certificate.pk).status == "revoked"
    # Queued through Redis after the page committed, run by the same worker.
    assert wait_for(lambda: Notification.objects.filter(recipient=staff).exists())
    assert product.code in Notification.objects.get(recipient=staff).subject
