"""``POST /checkout/stripe/webhook/``: Stripe's events, signature verified over the
raw body with the stripe library, each event applied once (``card_payments``)."""

import json
import logging

import stripe
from django.conf import settings
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from .card_payments import stripe_event_apply
from .gateway import GatewayError

logger = logging.getLogger("storefront.checkout")


def refuse(reason: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": reason}, status=status)


@method_decorator(csrf_exempt, name="dispatch")
class StripeWebhookView(View):
    http_method_names = ["post"]

    def post(self, request):
        secret = settings.STRIPE_WEBHOOK_SECRET
        if not secret:
            return refuse("webhook secret not configured", 503)
        if len(request.body) > settings.STRIPE_WEBHOOK_MAX_BYTES:
            return refuse("body too large", 413)
        try:
            payload = request.body.decode("utf-8")
            stripe.WebhookSignature.verify_header(
                payload, request.headers.get("Stripe-Signature", ""), secret,
                stripe.Webhook.DEFAULT_TOLERANCE)
            event = json.loads(payload)
        except (UnicodeDecodeError, ValueError, stripe.SignatureVerificationError) as error:
            return refuse(f"rejected: {type(error).__name__}")
        try:
            if not isinstance(event, dict) or not isinstance(
                    (event.get("data") or {}).get("object"), dict):
                return refuse("not an event")
            outcome = stripe_event_apply(event)
        except GatewayError:
            # A refund Stripe refused: answer 500 so Stripe delivers again (nothing stored).
            logger.exception("Stripe webhook %s: refund failed", event.get("id"))
            return refuse("refund failed, retry", 500)
        except (KeyError, TypeError, ValueError) as error:
            return refuse(f"malformed event: {type(error).__name__}")
        return JsonResponse({"received": True, "outcome": outcome})
