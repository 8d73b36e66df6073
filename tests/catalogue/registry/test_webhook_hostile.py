"""The webhook tried as a hostile or broken client would: every malformed
request is a 400 (or 413) with a JSON reason, never a 500, and changes nothing."""

import hashlib
import hmac
import json
import time

import pytest
from django.test import Client

from catalogue.models import Certificate
from catalogue.registry.webhook import sign

from .conftest import make_record
from .test_webhook import SECRET, URL, event, nothing_stored, post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _secret(settings):
    settings.OCOP_REGISTRY_WEBHOOK_SECRET = SECRET


@pytest.fixture
def client():
    return Client(enforce_csrf_checks=True, raise_request_exception=False)


def send(client, raw: bytes, signature: str):
    return client.post(URL, data=raw, content_type="application/json",
                       HTTP_X_OCOP_SIGNATURE=signature)  # fmt: skip


def refused(response, status=400) -> str:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["ok"] is False
    return body["error"]


@pytest.mark.parametrize(
    "header",
    [
        "t=" + "9" * 5000 + ",v1=" + "0" * 64,  # beyond Python's int-digits limit
        "t=²,v1=" + "0" * 64,  # str.isdigit() says yes, int() says no
        "t=١٢٣,v1=" + "0" * 64,  # Arabic-Indic digits
        "t=-5,v1=" + "0" * 64,
        "t=1,t=2,v1=" + "0" * 64,
        "t=" + str(int(time.time())) + ",v1=ẞ" + "0" * 63,  # non-ASCII in the signature
        "t=" + str(int(time.time())) + ",v1=",
        "\x00",
    ],
)
def test_odd_signature_headers_are_refused_with_a_reason(client, header):
    raw = json.dumps(event(make_record())).encode()
    error = refused(send(client, raw, header))
    assert "signature" in error
    assert nothing_stored()


def test_any_matching_v1_is_enough(client):
    raw = json.dumps(event(make_record())).encode()
    good = sign(raw, SECRET)
    t, v1 = good.split(",")
    response = send(client, raw, f"{t},v1={'0' * 64},{v1}")
    assert response.status_code == 200, response.content
    assert Certificate.objects.count() == 1


def test_deeply_nested_json_with_a_valid_signature_is_refused(client):
    raw = b'{"event_id": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    error = refused(send(client, raw, sign(raw, SECRET)))
    assert "not valid JSON" in error
    assert nothing_stored()


@pytest.mark.parametrize(
    "change, reason",
    [
        (lambda p: p["certificate"].update(certificate_no="QN-\u0000-1"), "NUL"),
        (lambda p: p["certificate"]["producer"].update(name="HTX\u0000"), "NUL"),
        (lambda p: p.update(event_id="evt-\u0000"), "event_id"),
        (lambda p: p["certificate"].update(product_name="\ud800"), "surrogate"),
        (lambda p: p["certificate"].update(stars=float("nan")), "stars"),
        (lambda p: p["certificate"].update(updated_at="9999-12-31T23:59:59-05:00"), "range"),
    ],
)
def test_values_the_database_cannot_store_are_refused(client, change, reason):
    payload = event(make_record())
    change(payload)
    raw = json.dumps(payload).encode()
    error = refused(send(client, raw, sign(raw, SECRET)))
    assert reason in error
    assert nothing_stored()


def test_an_oversized_body_gets_413_with_a_reason(client, settings):
    raw = b'{"pad": "' + b"x" * (5 << 20) + b'"}'
    error = refused(send(client, raw, sign(raw, SECRET)), status=413)
    assert f"larger than {settings.OCOP_REGISTRY_WEBHOOK_MAX_BYTES} bytes" in error
    assert nothing_stored()


def test_a_body_over_the_webhook_limit_but_under_djangos_is_refused_too(client, settings):
    settings.OCOP_REGISTRY_WEBHOOK_MAX_BYTES = 1000
    payload = event(make_record(issuer="U" * 200))
    payload["pad"] = "x" * 2000
    raw = json.dumps(payload).encode()
    refused(send(client, raw, sign(raw, SECRET)), status=413)
    assert nothing_stored()


def test_a_signature_made_with_the_right_secret_over_other_bytes_is_refused(client):
    raw = json.dumps(event(make_record())).encode()
    t = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), t.encode() + b"." + raw + b" ", hashlib.sha256)
    error = refused(send(client, raw, f"t={t},v1={digest.hexdigest()}"))
    assert "does not match" in error


def test_post_helper_still_applies(client):
    assert post(client, event(make_record())).status_code == 200
