"""Orders paid by card through the Stripe emulator, or by cash, and Stripe's charge
events built and signed as Stripe sends them (localstripe sends none)."""

import time
import uuid

import stripe
from django.urls import reverse
from oscar.apps.order.models import Order

from storefront.checkout.models import CardPayment

from .conftest import place, to_preview
from .test_webhooks import deliver, event


def emulator(server):
    return stripe.StripeClient("sk_test_ocop", base_addresses={"api": server.url},
                               max_network_retries=0)


def confirm_at_stripe(server, payment: CardPayment) -> dict:
    """The shopper's card confirmed at the emulator; the intent as Stripe returns it."""
    api = emulator(server)
    method = api.v1.payment_methods.create(params={"type": "card", "card": {
        "number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"}})
    api.v1.payment_intents.update(payment.intent_id, params={"payment_method": method.id})
    intent = api.v1.payment_intents.confirm(payment.intent_id).to_dict()
    assert intent["status"] == "succeeded"
    return intent


def card_order_paid(client, product, server, *, quantity=1) -> tuple[Order, dict]:
    """A card order placed, its intent confirmed and ``payment_intent.succeeded`` delivered."""
    to_preview(client, product, payment="card", quantity=quantity)
    place(client)
    order = Order.objects.latest("pk")
    client.get(reverse("checkout:card-payment", args=[order.number]))
    intent = confirm_at_stripe(server, order.card_payments.get())
    assert deliver(client, event(intent, "payment_intent.succeeded")).json()["outcome"] == "paid"
    order.refresh_from_db()
    return order, intent


def cod_order(client, product, *, quantity=1) -> Order:
    to_preview(client, product, payment="cod", quantity=quantity)
    place(client)
    return Order.objects.latest("pk")


def record_cash(order) -> None:
    """Staff took the cash at handover (Oscar's Source.debit)."""
    source = order.sources.get()
    source.debit(order.total_incl_tax, reference="tiền mặt")


def charge_refunded(intent: dict, amount_refunded: int, *, refund_ids=(), event_id=None):
    """A ``charge.refunded`` event: the charge with its running refunded total."""
    charge = {
        "id": intent.get("latest_charge") or f"ch_{uuid.uuid4().hex[:14]}",
        "object": "charge", "amount": intent["amount"], "currency": intent["currency"],
        "payment_intent": intent["id"], "amount_refunded": amount_refunded,
        "refunded": amount_refunded >= intent["amount"], "metadata": intent.get("metadata", {}),
        "refunds": {"object": "list", "data": [{"id": rid, "object": "refund",
                                                "status": "succeeded"} for rid in refund_ids]},
    }
    return {"id": event_id or f"evt_{uuid.uuid4().hex[:16]}", "object": "event",
            "type": "charge.refunded", "created": int(time.time()),
            "data": {"object": charge}}


def dispute_created(intent: dict, *, reason="fraudulent"):
    dispute = {"id": f"dp_{uuid.uuid4().hex[:14]}", "object": "dispute",
               "amount": intent["amount"], "currency": intent["currency"],
               "charge": intent.get("latest_charge") or "ch_x",
               "payment_intent": intent["id"], "reason": reason, "status": "needs_response"}
    return {"id": f"evt_{uuid.uuid4().hex[:16]}", "object": "event",
            "type": "charge.dispute.created", "created": int(time.time()),
            "data": {"object": dispute}}


__all__ = ["deliver", "event"]
