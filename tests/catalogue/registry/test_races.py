"""Concurrent webhook deliveries on PostgreSQL, through a real server with
real threads: whatever order they commit in, the newest registry record wins,
the history is consistent and nothing answers 500."""

import datetime as dt
import json
import random
import threading
import urllib.error
import urllib.request

import pytest
from django.db import connection

from catalogue.models import Certificate, CertificateChange, WebhookEvent
from catalogue.registry.webhook import sign

from .conftest import make_record, revoked, ts

SECRET = "whsec-race"
THREADS = 16
ROUNDS = 20

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are PostgreSQL's (CI runs it)"
    ),
]


@pytest.fixture
def webhook_url(live_server, settings):
    settings.OCOP_REGISTRY_WEBHOOK_SECRET = SECRET
    return f"{live_server.url}/registry/webhook/"


def deliver(url: str, payload: dict) -> int:
    raw = json.dumps(payload, ensure_ascii=False).encode()
    request = urllib.request.Request(
        url,
        data=raw,
        method="POST",
        headers={"Content-Type": "application/json", "X-OCOP-Signature": sign(raw, SECRET)},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def race(url: str, payloads: list[dict]) -> list[int]:
    """Deliver every payload at the same moment, one thread each."""
    barrier = threading.Barrier(len(payloads))
    statuses = [None] * len(payloads)

    def run(index, payload):
        barrier.wait()
        statuses[index] = deliver(url, payload)

    threads = [threading.Thread(target=run, args=item) for item in enumerate(payloads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return statuses


def versions(base: dict, rng: random.Random) -> list[dict]:
    """THREADS versions of one certificate with rising updated_at, one a revocation,
    the newest alternately active and revoked."""
    records = []
    for minute in range(THREADS):
        record = {**base, "stars": rng.choice((3, 4, 5)), "updated_at": ts(minute)}
        record["level"] = "national" if record["stars"] == 5 else "provincial"
        records.append(record)
    revoked_at = rng.randrange(THREADS)
    records[revoked_at] = revoked(records[revoked_at], updated_at=ts(revoked_at))
    return records


def events(records: list[dict], rng: random.Random) -> list[dict]:
    payloads = [
        {
            "event_id": f"{r['certificate_no']}-{r['updated_at']}",
            "type": "certificate.revoked" if r["status"] == "revoked" else "certificate.updated",
            "occurred_at": r["updated_at"],
            "certificate": r,
        }
        for r in records
    ]
    rng.shuffle(payloads)
    return payloads


def assert_newest_and_consistent(number: str, newest: dict):
    certificate = Certificate.objects.get(certificate_no=number)
    assert (certificate.status, certificate.stars) == (newest["status"], newest["stars"])
    assert certificate.registry_updated_at == dt.datetime.fromisoformat(newest["updated_at"])
    history = list(CertificateChange.objects.filter(certificate=certificate).order_by("pk"))
    assert history[0].changes["status"][0] is None  # created exactly once
    assert all(None not in (c.changes.get("status") or [0, 0]) for c in history[1:])
    times = [c.registry_updated_at for c in history]
    assert times == sorted(times) and len(set(times)) == len(times)
    # The newest record may only have confirmed the state (no history row).
    assert history[-1].registry_updated_at <= certificate.registry_updated_at
    state = {}
    for change in history:
        state.update({field: after for field, (_, after) in change.changes.items()})
    assert (state["status"], state["stars"]) == (certificate.status, certificate.stars)


def test_concurrent_first_deliveries_end_in_the_newest_record_every_round(webhook_url):
    rng = random.Random(20261125)
    for round_number in range(ROUNDS):
        base = make_record(f"RACE-{round_number:03d}")
        records = versions(base, rng)
        newest = records[-1] if round_number % 2 else revoked(records[-1], updated_at=ts(15))
        records[-1] = newest
        statuses = race(webhook_url, events(records, rng))
        assert statuses == [200] * THREADS, f"round {round_number}: {statuses}"
        assert_newest_and_consistent(base["certificate_no"], newest)
    assert WebhookEvent.objects.count() == ROUNDS * THREADS


def test_concurrent_updates_of_a_stored_certificate_end_in_the_newest(webhook_url):
    rng = random.Random(7)
    for round_number in range(5):
        base = make_record(f"RACE-S-{round_number:03d}", updated_at=ts(-60))
        assert deliver(webhook_url, events([base], rng)[0]) == 200
        records = versions(base, rng)
        statuses = race(webhook_url, events(records, rng))
        assert statuses == [200] * THREADS
        assert_newest_and_consistent(base["certificate_no"], records[-1])


def test_the_same_event_delivered_sixteen_times_at_once_applies_once(webhook_url):
    rng = random.Random(3)
    payload = events([make_record("RACE-DUP")], rng)[0]
    statuses = race(webhook_url, [payload] * THREADS)
    assert statuses == [200] * THREADS
    assert WebhookEvent.objects.filter(certificate_no="RACE-DUP").count() == 1
    assert CertificateChange.objects.filter(certificate__certificate_no="RACE-DUP").count() == 1
