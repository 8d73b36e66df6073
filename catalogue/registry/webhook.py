"""The registry's push webhook (registry contract §4) at /registry/webhook/.

The body is signed: ``X-OCOP-Signature: t=<unix seconds>,v1=<hex>`` where v1
is HMAC-SHA256 over ``"<t>." + raw_body`` with the shared secret. Each
event_id is applied once; an event older than the stored record changes
nothing (the sync service compares ``updated_at``).
"""

import datetime as dt
import hashlib
import hmac
import json
import re
import time

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from ..models import SyncRun, WebhookEvent
from ..sync_models import Source
from .apply import apply_records
from .effects import announce_changes
from .locks import retry_on_deadlock
from .records import CertificateRecord, RecordError, parse_record, parse_rfc3339
from .runs import sync_run_count, sync_run_finish

TOLERANCE_SECONDS = 300
EVENT_TYPES = ("certificate.updated", "certificate.revoked")
TIMESTAMP = re.compile(r"[0-9]{1,12}")  # ASCII digits only: "²".isdigit() is true
HEX_SHA256 = re.compile(r"[0-9a-fA-F]{64}")


class SignatureError(ValueError):
    pass


def verify_signature(header: str, body: bytes, secret: str, *, now: float | None = None) -> None:
    """Raise SignatureError unless the header signs body with secret, recently.

    As in Stripe's scheme, the header may carry several ``v1`` values (while
    the secret is being rolled): any one that matches is enough.
    """
    if not secret:
        raise SignatureError("webhook secret is not configured")
    timestamps, signatures = [], []
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t":
            timestamps.append(value.strip())
        elif key == "v1":
            signatures.append(value.strip())
    if len(timestamps) != 1 or not TIMESTAMP.fullmatch(timestamps[0]) or not signatures:
        raise SignatureError("X-OCOP-Signature must look like t=<unix seconds>,v1=<hex>")
    timestamp = timestamps[0]
    if abs((now or time.time()) - int(timestamp)) > TOLERANCE_SECONDS:
        raise SignatureError("signature timestamp is more than 300 seconds away")
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    expected = expected.hexdigest()
    if not any(
        HEX_SHA256.fullmatch(signature) and hmac.compare_digest(expected, signature.lower())
        for signature in signatures
    ):
        raise SignatureError("signature does not match the body")


def sign(body: bytes, secret: str, timestamp: int | None = None) -> str:
    """The header value the registry sends; used by tests and tools."""
    t = str(int(timestamp if timestamp is not None else time.time()))
    digest = hmac.new(secret.encode(), t.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"t={t},v1={digest}"


def _instant(value) -> dt.datetime | None:
    """occurred_at when it is RFC 3339 with an offset; it is informative only."""
    try:
        return parse_rfc3339(value)
    except ValueError:
        return None


def _refuse(reason: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"ok": False, "error": reason}, status=status)


class BadEvent(ValueError):
    """An event the contract does not allow; ``str(error)`` is the reason."""


def parse_event(body: bytes) -> tuple[dict, CertificateRecord]:
    """The event and its valid record, or BadEvent with the reason."""
    try:
        event = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise BadEvent("body is not valid JSON") from None
    if not isinstance(event, dict):
        raise BadEvent("body must be a JSON object")
    event_id, event_type = event.get("event_id"), event.get("type")
    if not isinstance(event_id, str) or not 0 < len(event_id) <= 128:
        raise BadEvent("event_id: must be a string of 1–128 characters")
    if not event_id.isprintable() or not event_id.isascii():
        raise BadEvent("event_id: must be printable ASCII")
    if event_type not in EVENT_TYPES:
        raise BadEvent(f"type: must be one of {', '.join(EVENT_TYPES)}")
    if not isinstance(event.get("certificate"), dict):
        raise BadEvent("certificate: must be a certificate record object")
    try:
        record = parse_record(event["certificate"])
    except RecordError as error:
        raise BadEvent(f"certificate: {error}") from None
    return event, record


def _body(request) -> bytes | None:
    """The raw body, or None when it is larger than the webhook accepts."""
    limit = settings.OCOP_REGISTRY_WEBHOOK_MAX_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return None
    try:
        body = request.body
    except RequestDataTooBig:
        return None
    return body if len(body) <= limit else None


@method_decorator(csrf_exempt, name="dispatch")
class RegistryWebhookView(View):
    """Exempt from CSRF (the HMAC signature authenticates it), from nothing else.

    Every bad request gets a JSON reason and changes nothing; the record is
    validated before anything is written.
    """

    http_method_names = ["post"]

    def post(self, request):
        body = _body(request)
        if body is None:
            limit = settings.OCOP_REGISTRY_WEBHOOK_MAX_BYTES
            return _refuse(f"body is larger than {limit} bytes", status=413)
        try:
            verify_signature(
                request.headers.get("X-OCOP-Signature", ""),
                body,
                settings.OCOP_REGISTRY_WEBHOOK_SECRET,
            )
        except SignatureError as error:
            return _refuse(f"bad signature: {error}")
        try:
            event, record = parse_event(body)
        except BadEvent as error:
            return _refuse(str(error))
        return retry_on_deadlock(lambda: self.apply(event, record))

    def apply(self, event: dict, record: CertificateRecord) -> JsonResponse:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    WebhookEvent.objects.create(
                        event_id=event["event_id"],
                        type=event["type"],
                        certificate_no=record.certificate_no,
                        occurred_at=_instant(event.get("occurred_at")),
                    )
            except IntegrityError:
                return JsonResponse({"ok": True, "duplicate": True})
            run = SyncRun.objects.create(source=Source.WEBHOOK, source_detail=event["event_id"])
            result = apply_records([event["certificate"]], run=run)
            sync_run_count(run, result=result)
            run.save(update_fields=["applied", "unchanged", "rejected"])
            sync_run_finish(run, status=SyncRun.Status.COMPLETED)
            announce_changes(result)
        return JsonResponse(
            {"ok": True, "applied": result.applied, "unchanged": result.unchanged}
        )
