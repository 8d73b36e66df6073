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
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from ..models import SyncRun, WebhookEvent
from ..sync_models import Source
from .apply import apply_records
from .effects import schedule_side_effects
from .records import parse_rfc3339
from .runs import sync_run_count, sync_run_finish

TOLERANCE_SECONDS = 300
EVENT_TYPES = ("certificate.updated", "certificate.revoked")


class SignatureError(ValueError):
    pass


def verify_signature(header: str, body: bytes, secret: str, *, now: float | None = None) -> None:
    """Raise SignatureError unless the header signs body with secret, recently."""
    if not secret:
        raise SignatureError("webhook secret is not configured")
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    timestamp, signature = parts.get("t", "").strip(), parts.get("v1", "").strip()
    if not timestamp.isdigit() or not signature:
        raise SignatureError("X-OCOP-Signature must look like t=<unix seconds>,v1=<hex>")
    if abs((now or time.time()) - int(timestamp)) > TOLERANCE_SECONDS:
        raise SignatureError("signature timestamp is more than 300 seconds away")
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    if not hmac.compare_digest(expected.hexdigest(), signature.lower()):
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


def _bad_request(reason: str) -> JsonResponse:
    return JsonResponse({"ok": False, "error": reason}, status=400)


@method_decorator(csrf_exempt, name="dispatch")
class RegistryWebhookView(View):
    """Exempt from CSRF (the HMAC signature authenticates it), from nothing else."""

    http_method_names = ["post"]

    def post(self, request):
        body = request.body
        try:
            verify_signature(
                request.headers.get("X-OCOP-Signature", ""),
                body,
                settings.OCOP_REGISTRY_WEBHOOK_SECRET,
            )
        except SignatureError as error:
            return _bad_request(f"bad signature: {error}")
        try:
            event = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return _bad_request("body is not valid JSON")
        if not isinstance(event, dict):
            return _bad_request("body must be a JSON object")
        event_id, event_type = event.get("event_id"), event.get("type")
        if not isinstance(event_id, str) or not 0 < len(event_id) <= 128:
            return _bad_request("event_id: must be a string of 1–128 characters")
        if event_type not in EVENT_TYPES:
            return _bad_request(f"type: must be one of {', '.join(EVENT_TYPES)}")
        if not isinstance(event.get("certificate"), dict):
            return _bad_request("certificate: must be a certificate record object")
        return self.apply(event)

    def apply(self, event) -> JsonResponse:
        record = event["certificate"]
        with transaction.atomic():
            try:
                with transaction.atomic():
                    WebhookEvent.objects.create(
                        event_id=event["event_id"],
                        type=event["type"],
                        certificate_no=str(record.get("certificate_no", ""))[:64],
                        occurred_at=_instant(event.get("occurred_at")),
                    )
            except IntegrityError:
                return JsonResponse({"ok": True, "duplicate": True})
            run = SyncRun.objects.create(source=Source.WEBHOOK, source_detail=event["event_id"])
            result = apply_records([record], run=run)
            if result.rejected:
                # Roll back the event and the run: a corrected resend must still apply.
                transaction.set_rollback(True)
                return _bad_request(f"certificate: {result.rejected[0].reason}")
            sync_run_count(run, result=result)
            run.save(update_fields=["applied", "unchanged", "rejected"])
            sync_run_finish(run, status=SyncRun.Status.COMPLETED)
            schedule_side_effects(result.touched_product_ids)
        return JsonResponse(
            {"ok": True, "applied": result.applied, "unchanged": result.unchanged}
        )
