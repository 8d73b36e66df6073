"""The pull feed (registry contract §3) end to end: a real registry server on
127.0.0.1 driving ``manage.py sync_registry`` and the sync service."""

import datetime as dt
import io
import time

import pytest
from django.core.management import CommandError, call_command

from catalogue.models import Certificate, CertificateChange, Product, RejectedRecord, SyncRun
from catalogue.registry.feed import _retry_after, current_watermark
from catalogue.selectors import shown_certificate
from catalogue.validity import local_today

from .conftest import (
    another_feed_run_holding_the_lock,
    browsable_codes,
    list_products,
    make_record,
    revoked,
    ts,
)

pytestmark = pytest.mark.django_db

T1 = "2026-11-24T06:00:00+07:00"
T2 = "2026-11-24T06:15:00+07:00"
T3 = "2026-11-24T06:30:00+07:00"


def sync(*args, **options) -> str:
    out = io.StringIO()
    call_command("sync_registry", *args, stdout=out, **options)
    return out.getvalue()


def failing_sync(*args, **options) -> tuple[str, str]:
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("sync_registry", *args, stdout=out, **options)
    return str(error.value), out.getvalue()


def feed_requests(registry):
    return [r for r in registry.requests if r.path == "/v1/certificates"]


def latest_run() -> SyncRun:
    return SyncRun.objects.filter(source="feed").latest("pk")


def test_follows_the_opaque_cursor_across_pages(registry):
    registry.records = [make_record() for _ in range(5)]
    registry.server_time = T1

    output = sync(page_size=2)

    seen = feed_requests(registry)
    assert [r.page for r in seen] == [1, 2, 3]
    assert all(r.headers["Authorization"] == "Bearer registry-test-token" for r in seen)
    assert all(r.query["page_size"] == "2" for r in seen)
    assert "cursor" not in seen[0].query and "updated_since" not in seen[0].query
    # The cursor went back byte for byte ('+', '/' and '=' included).
    assert seen[1].query["cursor"].startswith("++++////")
    assert seen[1].query["cursor"] != seen[2].query["cursor"]
    assert Certificate.objects.count() == 5
    run = latest_run()
    assert (run.status, run.pages, run.applied, run.unchanged, run.rejected) == (
        "completed", 3, 5, 0, 0
    )
    assert run.server_time == dt.datetime.fromisoformat(T1)
    assert "3 pages, 5 applied, 0 unchanged, 0 rejected" in output
    assert f"Watermark: {T1}" in output


def test_watermark_is_the_first_page_server_time_of_the_last_complete_run(registry):
    first = [make_record(updated_at=ts(i)) for i in range(3)]
    registry.records = list(first)
    registry.server_time = T1
    sync(page_size=2)
    assert current_watermark() == dt.datetime.fromisoformat(T1)

    # Changes after the watermark; the server stamps its next first page T2.
    changed = {**first[0], "stars": 5, "level": "national", "updated_at": T2}
    registry.records = [changed, first[1], first[2], make_record(updated_at=T2)]
    registry.server_time = T2
    sync(page_size=2)

    second_run_first_request = [r for r in feed_requests(registry) if r.page == 1][1]
    assert second_run_first_request.query["updated_since"] == T1
    assert "cursor" not in second_run_first_request.query
    run = latest_run()
    assert run.updated_since == dt.datetime.fromisoformat(T1)
    assert run.applied == 2  # only what changed since T1 was sent
    assert Certificate.objects.get(certificate_no=first[0]["certificate_no"]).stars == 5

    registry.server_time = T3
    sync()
    assert feed_requests(registry)[-1].query["updated_since"] == T2
    assert current_watermark() == dt.datetime.fromisoformat(T3)


def test_full_ignores_the_watermark(registry):
    registry.records = [make_record()]
    registry.server_time = T1
    sync()
    output = sync("--full")
    assert "updated_since" not in feed_requests(registry)[-1].query
    assert "every record" in output
    assert latest_run().unchanged == 1


@pytest.mark.django_db(transaction=True)
def test_a_5xx_mid_run_keeps_applied_pages_and_the_old_watermark(registry):
    registry.records = [make_record(updated_at=ts(i)) for i in range(2)]
    registry.server_time = T1
    sync(page_size=2)
    more = [make_record(updated_at=T2) for _ in range(4)]
    registry.records += more
    registry.server_time = T2
    registry.fail(page=2, status=503, times=None)

    message, output = failing_sync(page_size=2)

    assert "unavailable" in message and "gave up after 3 attempts" in message
    # Page 1 was asked once, page 2 three times (two retries), then the run stopped.
    assert [r.page for r in feed_requests(registry)][1:] == [1, 2, 2, 2]
    failed = latest_run()
    assert (failed.status, failed.pages, failed.applied) == ("failed", 1, 2)
    assert "HTTP 503" in failed.error
    assert failed.finished_at is not None
    # Committed: the first page's records are there for every connection.
    assert Certificate.objects.filter(
        certificate_no__in=[r["certificate_no"] for r in more[:2]]
    ).count() == 2
    assert current_watermark() == dt.datetime.fromisoformat(T1)
    assert f"Watermark unchanged: {T1}" in output

    registry.clear_faults()
    registry.server_time = T3
    sync(page_size=2)
    assert feed_requests(registry)[-2].query["updated_since"] == T1
    assert Certificate.objects.count() == 6
    assert current_watermark() == dt.datetime.fromisoformat(T3)


def test_a_transient_5xx_is_retried_within_the_run(registry):
    registry.records = [make_record() for _ in range(4)]
    registry.fail(page=2, status=500, times=1)
    sync(page_size=2)
    assert [r.page for r in feed_requests(registry)] == [1, 2, 2]
    assert latest_run().status == "completed"
    assert Certificate.objects.count() == 4


def test_429_waits_retry_after_seconds(registry):
    registry.records = [make_record()]
    registry.rate_limit(page=1, retry_after="1", times=1)
    started = time.monotonic()
    sync()
    waited = time.monotonic() - started
    assert waited >= 1.0
    assert waited < 4  # the backoff base (10 ms) was not used instead
    assert [r.page for r in feed_requests(registry)] == [1, 1]
    assert latest_run().status == "completed"


def test_retry_after_as_an_http_date():
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30)
    seconds = _retry_after(later.strftime("%a, %d %b %Y %H:%M:%S GMT"))
    assert 28 <= seconds <= 31
    assert _retry_after("2") == 2.0
    assert _retry_after("soon") is None


def test_a_hanging_registry_times_out_then_the_run_gives_up(registry, settings):
    settings.OCOP_REGISTRY_TIMEOUT = 0.3
    settings.OCOP_REGISTRY_MAX_RETRIES = 1
    registry.records = [make_record()]
    registry.hang(page=1, seconds=10, times=None)
    started = time.monotonic()
    message, _ = failing_sync()
    assert time.monotonic() - started < 3
    assert "no answer within 0.3 s" in message
    assert len(feed_requests(registry)) == 2
    assert latest_run().status == "failed"
    assert current_watermark() is None


def test_one_hang_is_retried(registry, settings):
    settings.OCOP_REGISTRY_TIMEOUT = 0.3
    registry.records = [make_record() for _ in range(2)]
    registry.hang(page=2, seconds=10, times=1)
    sync(page_size=1)
    assert [r.page for r in feed_requests(registry)] == [1, 2, 2]
    assert Certificate.objects.count() == 2


@pytest.mark.parametrize(
    "body, reason",
    [
        (b'{"items": [{"certificate_no": ', "not valid JSON"),
        (b"\xff\xfe garbage", "not valid JSON"),
        (b'["items"]', "not {"),
        (b'{"items": {}, "next_cursor": null, "server_time": "2026-11-24T06:00:00+07:00"}',
         "items is not a list"),
        (b'{"items": [], "next_cursor": 7, "server_time": "2026-11-24T06:00:00+07:00"}',
         "next_cursor"),
        (b'{"items": [], "next_cursor": null, "server_time": "yesterday"}', "server_time"),
        (b'{"items": [], "next_cursor": null}', "server_time"),
    ],
)
def test_a_malformed_page_fails_the_run_with_a_clear_error(registry, body, reason):
    registry.records = [make_record() for _ in range(3)]
    registry.server_time = T1
    registry.malformed(page=2, body=body, times=None)
    message, _ = failing_sync(page_size=2)
    assert reason in message
    run = latest_run()
    assert run.status == "failed" and reason in run.error
    assert (run.pages, run.applied) == (1, 2)  # page 1 stays applied
    assert [r.page for r in feed_requests(registry)] == [1, 2]  # not retried
    assert current_watermark() is None


def test_a_wrong_token_stops_at_once(registry, settings):
    registry.records = [make_record()]
    registry.server_time = T1
    sync()
    settings.OCOP_REGISTRY_TOKEN = "stale-token"
    message, output = failing_sync("--full")
    assert "HTTP 401" in message and "OCOP_REGISTRY_TOKEN" in message
    assert feed_requests(registry)[-1].headers["Authorization"] == "Bearer stale-token"
    assert len(feed_requests(registry)) == 2  # no retry
    assert latest_run().status == "failed"
    assert current_watermark() == dt.datetime.fromisoformat(T1)
    assert f"Watermark unchanged: {T1}" in output


def test_no_registry_url_is_a_clear_error(settings):
    settings.OCOP_REGISTRY_URL = ""
    message, _ = failing_sync()
    assert "OCOP_REGISTRY_URL is not set" in message
    assert not SyncRun.objects.exists()


def test_page_size_out_of_range_is_refused(registry):
    message, _ = failing_sync(page_size=1001)
    assert "--page-size" in message
    assert registry.requests == []


def test_only_one_run_at_a_time(registry):
    registry.records = [make_record()]
    with another_feed_run_holding_the_lock():
        message, _ = failing_sync()
    assert "another registry sync is running" in message
    assert registry.requests == []
    sync()
    assert Certificate.objects.count() == 1


def test_every_rule_violation_is_rejected_with_its_reason_and_the_rest_applies(registry):
    good = [make_record() for _ in range(2)]
    bad = {
        "stars: must be 3, 4 or 5": make_record(stars=2),
        "a 5-star certificate is always national": make_record(stars=5, level="provincial"),
        "group: must be one of": make_record(group="weapons"),
        "status: must be one of": make_record(status="expired"),
        "expires_on: must be after issued_on": make_record(
            issued_on="2026-01-01", expires_on="2025-01-01"
        ),
        "issued_on: '15/10/2021' is not an ISO date": make_record(issued_on="15/10/2021"),
        "required when status is revoked": make_record(status="revoked"),
        "province_code": make_record(province_code="99"),
        "producer.kind: must be one of": make_record(
            producer={"registry_id": "P-X", "name": "HTX X", "kind": "guild"}
        ),
        "updated_at": make_record(updated_at="2026-11-01T08:00:00"),
        "certificate_no: must not be empty": {**make_record(), "certificate_no": "  "},
        "record: must be a JSON object": "not a record",
    }
    registry.records = good + list(bad.values())

    output = sync()

    run = latest_run()
    assert (run.status, run.applied, run.rejected) == ("completed", 2, len(bad))
    reasons = list(RejectedRecord.objects.filter(run=run).values_list("reason", flat=True))
    for expected in bad:
        assert any(expected in reason for reason in reasons), expected
    assert set(Certificate.objects.values_list("certificate_no", flat=True)) == {
        r["certificate_no"] for r in good
    }
    assert output.count("  rejected ") == 5
    assert f"and {len(bad) - 5} more" in output


def test_the_same_record_twice_applies_once(registry):
    record = make_record()
    registry.records = [record, dict(record)]
    sync()
    run = latest_run()
    assert (run.applied, run.unchanged) == (1, 1)
    sync("--full")
    assert (latest_run().applied, latest_run().unchanged) == (0, 2)
    assert CertificateChange.objects.count() == 1


def test_an_older_update_arriving_later_changes_nothing(registry):
    newer = make_record(stars=4, updated_at=ts(100))
    registry.records = [newer]
    sync()
    registry.records = [{**newer, "stars": 3, "updated_at": ts(50)}]
    sync("--full")
    assert latest_run().unchanged == 1
    certificate = Certificate.objects.get(certificate_no=newer["certificate_no"])
    assert certificate.stars == 4
    assert certificate.registry_updated_at == dt.datetime.fromisoformat(ts(100))
    assert CertificateChange.objects.filter(certificate=certificate).count() == 1


def test_a_star_downgrade_on_recertification_shows_the_latest_issued_stars(registry):
    today = local_today()
    old = make_record(
        "QN-2023-0001",
        product_code="QN-CHAMUC-001",
        stars=5,
        level="national",
        issued_on=(today - dt.timedelta(days=1070)).isoformat(),
        expires_on=(today + dt.timedelta(days=25)).isoformat(),
        updated_at=ts(1),
    )
    registry.records = [old]
    registry.server_time = T1
    sync()
    list_products(["QN-CHAMUC-001"])
    product = Product.objects.get(code="QN-CHAMUC-001")
    assert Product.objects.with_certificate().get(pk=product.pk).ocop_stars == 5

    new = make_record(
        "QN-2026-0077",
        product_code="QN-CHAMUC-001",
        product_name=old["product_name"],
        producer=old["producer"],
        stars=4,
        level="provincial",
        issued_on=(today - dt.timedelta(days=3)).isoformat(),
        expires_on=(today + dt.timedelta(days=1092)).isoformat(),
        updated_at=T2,
    )
    registry.records = [old, new]
    sync()

    assert Product.objects.filter(code="QN-CHAMUC-001").count() == 1
    assert set(product.certificates.values_list("certificate_no", flat=True)) == {
        "QN-2023-0001", "QN-2026-0077"
    }
    assert shown_certificate(product).certificate_no == "QN-2026-0077"
    assert Product.objects.with_certificate().get(pk=product.pk).ocop_stars == 4
    assert "QN-CHAMUC-001" in browsable_codes()


def test_a_revocation_hides_the_product(registry, django_capture_on_commit_callbacks):
    record = make_record(updated_at=ts(1))
    registry.records = [record]
    registry.server_time = T1
    sync()
    list_products([record["product_code"]])
    assert record["product_code"] in browsable_codes()

    registry.records = [revoked(record, updated_at=T2)]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        sync()

    assert record["product_code"] not in browsable_codes()
    assert not Product.objects.sellable().filter(code=record["product_code"]).exists()
    certificate = Certificate.objects.get(certificate_no=record["certificate_no"])
    assert certificate.status == "revoked"
    change = CertificateChange.objects.filter(certificate=certificate).latest("pk")
    assert change.changes["status"] == ["active", "revoked"]
    assert change.source == "feed"
    assert len(callbacks) == 1  # the side effects of the revoked product were queued


def test_an_outage_never_hides_the_catalogue(registry, settings):
    records = [make_record(updated_at=ts(i)) for i in range(3)]
    registry.records = records
    registry.server_time = T1
    sync()
    list_products([r["product_code"] for r in records])
    before_products = browsable_codes()
    before_certificates = list(Certificate.objects.order_by("pk").values())
    assert len(before_products) == 3

    registry.records = [revoked(records[0], updated_at=T2)]  # never received below
    registry.fail(page=1, status=502, times=None)
    failing_sync()
    settings.OCOP_REGISTRY_TOKEN = "wrong"
    failing_sync()

    assert browsable_codes() == before_products
    assert list(Certificate.objects.order_by("pk").values()) == before_certificates
    assert current_watermark() == dt.datetime.fromisoformat(T1)
