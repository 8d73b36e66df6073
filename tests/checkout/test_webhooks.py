"""Stripe webhooks: signature over the raw body (valid, wrong secret, tampered,
stale), each event once, any arrival order, amount and currency checked, and the
last certificate check when a card payment succeeds (refund if it fails)."""

import json
import time
import uuid

import pytest
import stripe
from django.urls import reverse
from oscar.apps.order.models import Order

from catalogue.models import Certificate
from storefront.checkout import statuses
from storefront.checkout.models import CardPayment, StripeEvent

from .conftest import WEBHOOK_SECRET
from .test_stripe import card_order, emulator


def event(intent: dict, kind: str, event_id: str | None = None) -> dict:
    return {"id": event_id or f"evt_{uuid.uuid4().hex[:16]}", "object": "event", "type": kind,
            "created": int(time.time()), "data": {"object": intent}}


def deliver(client, payload: dict | str, *, secret=WEBHOOK_SECRET, timestamp=None,
            tamper=None):
    body = payload if isinstance(payload, str) else json.dumps(payload)
    header = stripe.WebhookSignature.generate_signature_header(body, secret, timestamp)
    if tamper:
        body = tamper(body)
    return client.post(reverse("checkout:stripe-webhook"), data=body,
                       content_type="application/json", HTTP_STRIPE_SIGNATURE=header)


@pytest.fixture
def paying(client, product, stripe_server):
    """A card order whose intent the shopper confirmed at Stripe (the emulator)."""
    order = card_order(client, product)
    client.get(reverse("checkout:card-payment", args=[order.number]))
    payment = CardPayment.objects.get()
    api = emulator(stripe_server)
    method = api.v1.payment_methods.create(params={"type": "card", "card": {
        "number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}})
    api.v1.payment_intents.update(payment.intent_id, params={"payment_method": method.id})
    intent = api.v1.payment_intents.confirm(payment.intent_id).to_dict()
    assert intent["status"] == "succeeded"
    return order, intent


def test_succeeded_marks_the_order_paid_before_the_browser_returns(client, paying):
    order, intent = paying
    response = deliver(client, event(intent, "payment_intent.succeeded"))
    assert response.status_code == 200 and response.json()["outcome"] == "paid"
    order.refresh_from_db()
    assert order.status == statuses.PAID
    assert order.sources.get().amount_debited == order.total_incl_tax
    assert order.payment_events.get().reference == intent["id"]
    # The browser comes back afterwards: it only shows the order.
    back = client.get(reverse("checkout:card-return", args=[order.number]))
    assert back["Location"] == reverse("checkout:thank-you")
    assert "Đã thanh toán" in client.get(back["Location"]).content.decode()


def test_browser_return_alone_never_marks_paid(client, paying):
    order, __ = paying
    client.get(reverse("checkout:card-return", args=[order.number]))
    order.refresh_from_db()
    assert order.status == statuses.PENDING_PAYMENT


def test_same_event_three_times_applies_once(client, paying):
    order, intent = paying
    succeeded = event(intent, "payment_intent.succeeded")
    outcomes = [deliver(client, succeeded).json()["outcome"] for _ in range(3)]
    assert outcomes == ["paid", "duplicate", "duplicate"]
    assert StripeEvent.objects.count() == 1
    assert Order.objects.get().payment_events.count() == 1


def test_payment_failed_after_succeeded_is_ignored(client, paying):
    order, intent = paying
    deliver(client, event(intent, "payment_intent.succeeded"))
    failed = deliver(client, event({**intent, "status": "requires_payment_method"},
                                   "payment_intent.payment_failed"))
    assert failed.status_code == 200 and failed.json()["outcome"].startswith("ignored")
    order.refresh_from_db()
    assert order.status == statuses.PAID


def test_failed_payment_opens_a_new_attempt_with_a_new_key(client, paying, stripe_server):
    order, intent = paying
    deliver(client, event(intent, "payment_intent.payment_failed"))
    assert CardPayment.objects.get().state == CardPayment.State.FAILED
    assert Order.objects.get().status == statuses.PENDING_PAYMENT
    client.get(reverse("checkout:card-payment", args=[order.number]))
    keys = [c.idempotency_key for c in stripe_server.calls("POST", "/v1/payment_intents")]
    assert keys == [f"ocop-order-{order.number}-attempt-1", f"ocop-order-{order.number}-attempt-2"]


@pytest.mark.parametrize("change", [{"amount_received": 1000}, {"currency": "usd"}])
def test_amount_or_currency_mismatch_holds_the_order(client, paying, change, mailoutbox):
    order, intent = paying
    response = deliver(client, event({**intent, **change}, "payment_intent.succeeded"))
    assert response.json()["outcome"] == "amount mismatch: held"
    order.refresh_from_db()
    assert order.status == statuses.ON_HOLD
    assert order.notes.filter(message__contains="tạm giữ").exists()
    assert not order.payment_events.exists()


@pytest.mark.parametrize("forge", ["wrong secret", "tampered", "stale", "no header", "not json"])
def test_forged_or_stale_deliveries_change_nothing(client, paying, forge):
    order, intent = paying
    succeeded = event(intent, "payment_intent.succeeded")
    if forge == "wrong secret":
        response = deliver(client, succeeded, secret="whsec_someone_else")
    elif forge == "tampered":
        response = deliver(client, succeeded,
                           tamper=lambda body: body.replace('"vnd"', '"usd"'))
    elif forge == "stale":
        response = deliver(client, succeeded, timestamp=int(time.time()) - 3600)
    elif forge == "no header":
        response = client.post(reverse("checkout:stripe-webhook"), data=json.dumps(succeeded),
                               content_type="application/json")
    else:
        response = deliver(client, "[1, 2")
    assert response.status_code == 400 and "error" in response.json()
    assert not StripeEvent.objects.exists()
    order.refresh_from_db()
    assert order.status == statuses.PENDING_PAYMENT


def test_webhook_is_outside_csrf_and_never_redirected(client, paying, settings):
    settings.SECURE_SSL_REDIRECT = True
    order, intent = paying
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert deliver(strict, event(intent, "payment_intent.succeeded")).status_code == 200


def test_revoked_before_payment_succeeds_is_refunded(client, paying, product, stripe_server):
    order, intent = paying
    Certificate.objects.filter(product=product).update(status=Certificate.Status.REVOKED)
    response = deliver(client, event(intent, "payment_intent.succeeded"))
    assert response.json()["outcome"] == "certificate no longer valid: refunded"
    (refund,) = stripe_server.calls("POST", "/v1/refunds")
    assert refund.idempotency_key == f"refund-{intent['id']}-whole"
    order.refresh_from_db()
    assert order.status == statuses.CANCELLED
    assert "Bưởi đỏ Tân Lạc" in order.notes.last().message
    assert product.stockrecords.get().num_allocated == 0  # units released
