"""The push webhook (registry contract §4) through Django's full request stack,
CSRF checks on, as the registry would call it."""

import datetime as dt
import json
import time
import uuid

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from oscar.apps.communication.models import Notification

from catalogue.models import (
    Certificate,
    CertificateChange,
    Product,
    RejectedRecord,
    SyncRun,
    WebhookEvent,
)
from catalogue.registry.webhook import sign
from tests.factories import CertificateFactory, PartnerFactory, StockRecordFactory

from .conftest import make_record, record_of, revoked, ts

pytestmark = pytest.mark.django_db

SECRET = "whsec-ocop-test"
URL = "/registry/webhook/"
NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture(autouse=True)
def _secret(settings):
    settings.OCOP_REGISTRY_WEBHOOK_SECRET = SECRET


@pytest.fixture
def client():
    return Client(enforce_csrf_checks=True)


def event(record: dict, *, type: str = "certificate.updated", event_id: str | None = None):
    return {
        "event_id": event_id or str(uuid.uuid4()),
        "type": type,
        "occurred_at": record.get("updated_at") if isinstance(record, dict) else None,
        "certificate": record,
    }


def post(client, payload, *, secret=SECRET, t=None, body: bytes | None = None, signed=None):
    raw = body if body is not None else json.dumps(payload, ensure_ascii=False).encode()
    signature = sign(signed if signed is not None else raw, secret, t)
    return client.post(
        URL, data=raw, content_type="application/json", HTTP_X_OCOP_SIGNATURE=signature
    )


def nothing_stored():
    return not (
        WebhookEvent.objects.exists()
        or SyncRun.objects.exists()
        or Certificate.objects.exists()
        or RejectedRecord.objects.exists()
    )


def test_a_good_signature_applies_the_record(client):
    record = make_record()
    response = post(client, event(record))
    assert response.status_code == 200, response.content
    assert response.json() == {"ok": True, "applied": 1, "unchanged": 0}
    certificate = Certificate.objects.get(certificate_no=record["certificate_no"])
    assert certificate.stars == 4 and certificate.product.code == record["product_code"]
    stored = WebhookEvent.objects.get()
    assert stored.occurred_at == dt.datetime.fromisoformat(record["updated_at"])
    run = SyncRun.objects.get()
    assert (run.source, run.status, run.applied) == ("webhook", "completed", 1)
    assert CertificateChange.objects.get().source == "webhook"


def test_a_wrong_secret_is_refused(client):
    response = post(client, event(make_record()), secret="not-the-secret")
    assert response.status_code == 400
    assert "signature does not match" in response.json()["error"]
    assert nothing_stored()


def test_a_tampered_body_is_refused(client):
    record = make_record(stars=3)
    original = json.dumps(event(record)).encode()
    tampered = original.replace(b'"stars": 3', b'"stars": 5')
    assert tampered != original
    response = post(client, None, body=tampered, signed=original)
    assert response.status_code == 400
    assert nothing_stored()


def test_a_missing_or_garbled_signature_header_is_refused(client):
    raw = json.dumps(event(make_record())).encode()
    response = client.post(URL, data=raw, content_type="application/json")
    assert response.status_code == 400
    assert "t=<unix seconds>,v1=<hex>" in response.json()["error"]
    response = client.post(
        URL, data=raw, content_type="application/json", HTTP_X_OCOP_SIGNATURE="v1=abc"
    )
    assert response.status_code == 400
    assert nothing_stored()


@pytest.mark.parametrize(
    "age, status",
    [(299, 200), (300, 200), (301, 400), (-299, 200), (-301, 400), (3600, 400)],
)
def test_the_signature_must_be_at_most_300_seconds_old(client, age, status):
    with time_machine.travel(NOW, tick=False):
        now = int(time.time())
        response = post(client, event(make_record()), t=now - age)
    assert response.status_code == status
    if status == 400:
        assert "300 seconds" in response.json()["error"]
        assert nothing_stored()


def test_a_replayed_event_is_applied_once(client):
    record = make_record()
    payload = event(record)
    first = post(client, payload)
    second = post(client, payload)
    # Even with a different body, the event id decides.
    third = post(client, {**payload, "certificate": {**record, "stars": 5, "level": "national"}})
    assert [r.status_code for r in (first, second, third)] == [200, 200, 200]
    assert second.json() == {"ok": True, "duplicate": True}
    assert third.json()["duplicate"] is True
    assert WebhookEvent.objects.count() == 1
    assert SyncRun.objects.count() == 1
    assert CertificateChange.objects.count() == 1
    assert Certificate.objects.get().stars == 4


def test_an_older_event_arriving_later_changes_nothing(client):
    newer = make_record(stars=4, updated_at=ts(20))
    older = {**newer, "stars": 3, "updated_at": ts(10)}
    assert post(client, event(newer)).status_code == 200
    response = post(client, event(older))
    assert response.status_code == 200
    assert response.json() == {"ok": True, "applied": 0, "unchanged": 1}
    certificate = Certificate.objects.get()
    assert certificate.stars == 4
    assert certificate.registry_updated_at == dt.datetime.fromisoformat(ts(20))
    assert CertificateChange.objects.count() == 1


@pytest.mark.parametrize(
    "body, reason",
    [
        (b'{"event_id": "e1", "type": "certificate.updated", "certificate": {', "not valid JSON"),
        (b"\xff\xfe\x00", "not valid JSON"),
        (b'["certificate.updated"]', "must be a JSON object"),
        (b'{"type": "certificate.updated", "certificate": {}}', "event_id"),
        (b'{"event_id": "e1", "type": "certificate.deleted", "certificate": {}}', "type"),
        (b'{"event_id": "e1", "type": "certificate.updated", "certificate": "x"}', "certificate"),
    ],
)
def test_a_malformed_event_is_refused_with_its_reason(client, body, reason):
    response = post(client, None, body=body)
    assert response.status_code == 400
    assert reason in response.json()["error"]
    assert nothing_stored()


def test_a_bad_record_is_refused_with_its_reason_and_nothing_is_stored(client):
    record = make_record(stars=2)
    payload = event(record, event_id="evt-bad-stars")
    response = post(client, payload)
    assert response.status_code == 400
    assert "stars: must be 3, 4 or 5 (got 2)" in response.json()["error"]
    assert nothing_stored()
    assert not Product.objects.exists()

    # The registry corrects the record and resends the same event: it applies.
    response = post(client, {**payload, "certificate": {**record, "stars": 3}})
    assert response.status_code == 200
    assert Certificate.objects.get().stars == 3


def test_only_post_is_allowed(client):
    assert client.get(URL).status_code == 405


def test_a_revocation_hides_the_product_at_once(client, django_capture_on_commit_callbacks):
    certificate = CertificateFactory(
        registry_updated_at=timezone.now() - dt.timedelta(days=1),
        product__stock=False,
    )
    product = certificate.product
    showroom = PartnerFactory()
    staff = showroom.users.create(username="nv-halong", email="nv@halong.example.vn")
    StockRecordFactory(product=product, partner=showroom, num_in_stock=7)
    page = Client()
    assert page.get(product.get_absolute_url()).status_code == 200
    assert Product.objects.browsable().filter(pk=product.pk).exists()

    record = record_of(certificate)
    payload = event(
        revoked(record, updated_at=timezone.now().isoformat(), reason="Vi phạm an toàn thực phẩm"),
        type="certificate.revoked",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, payload)

    assert response.status_code == 200
    assert not Product.objects.browsable().filter(pk=product.pk).exists()
    gone = page.get(product.get_absolute_url())
    assert gone.status_code == 410
    assert "Vi phạm an toàn thực phẩm" in gone.content.decode()
    # The showroom's staff were told (through the task, run eagerly here).
    notice = Notification.objects.get(recipient=staff)
    assert product.code in notice.subject
    assert "thu hồi" in notice.body
