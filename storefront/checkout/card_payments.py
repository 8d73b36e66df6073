"""Card payments: the PaymentIntent of an order attempt, and the webhook events that
decide the order's payment state (never the browser's return)."""

import logging

from django.core.mail import mail_managers
from django.db import transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from . import gateway, history, locks, refunds, statuses
from .models import CardPayment, StripeEvent

logger = logging.getLogger("storefront.checkout")
Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
PaymentEventType = get_model("order", "PaymentEventType")
PaymentEvent = get_model("order", "PaymentEvent")
Source = get_model("payment", "Source")
State = CardPayment.State


class NotPayable(Exception):
    """The order does not wait for a card payment (paid, cancelled, held)."""


def card_payment_start(*, order_number: str) -> CardPayment:
    """The open attempt of an order, with its PaymentIntent (created once).

    The order row stays locked during the call to Stripe, so two browsers paying
    one order get one intent; the idempotency key covers a retried request.
    """
    with transaction.atomic():
        order = locks.order_for_update(number=order_number)
        if order is None or order.status != statuses.PENDING_PAYMENT:
            raise NotPayable(order_number)
        attempts = list(order.card_payments.order_by("-attempt"))
        payment = attempts[0] if attempts else None
        if payment is not None and payment.state == State.SUCCEEDED:
            raise NotPayable(order_number)
        if payment is None or payment.state != State.CREATED:
            payment = CardPayment.objects.create(
                order=order, attempt=(payment.attempt + 1) if payment else 1,
                amount=gateway.vnd_amount(order.total_incl_tax), currency=gateway.CURRENCY)
        if not payment.intent_id:
            intent = gateway.create_intent(amount=payment.amount, order_number=order.number,
                                           attempt=payment.attempt, key=payment.idempotency_key)
            payment.intent_id, payment.client_secret = intent.id, intent.client_secret
            payment.save(update_fields=["intent_id", "client_secret", "updated_at"])
        return payment


# --- webhooks ---------------------------------------------------------------------------


def stripe_event_apply(event) -> str:
    """Apply one verified event exactly once; returns what happened (for the log)."""
    obj = event["data"]["object"]
    intent_id = str(obj.get("payment_intent") or obj.get("id") or "")[:255]
    with transaction.atomic():
        # The unique event id: a repeated delivery waits for the first, then stops here.
        record, created = StripeEvent.objects.get_or_create(
            event_id=str(event["id"])[:255],
            defaults={"type": str(event["type"])[:64], "intent_id": intent_id})
        if not created:
            return "duplicate"
        handler = HANDLERS.get(event["type"])
        outcome = handler(obj) if handler else "ignored"
        record.outcome = outcome[:255]
        record.save(update_fields=["outcome"])
        return outcome


def _locked(obj):
    """(order, payment) of an intent, the order row locked; either may be None."""
    metadata = obj.get("metadata")
    number = str(metadata.get("order_number", "")) if isinstance(metadata, dict) else ""
    order = locks.order_for_update(number=number) if number else None
    payment = CardPayment.objects.filter(intent_id=str(obj.get("id", ""))).first()
    if order is None and payment is not None:
        order = locks.order_for_update(number=payment.order.number)
    if order is not None and payment is not None and payment.order_id != order.pk:
        return None, None  # metadata naming another order than the intent's: forged
    return order, payment


def _payment_event(order, name: str, amount, reference: str) -> None:
    event_type, __ = PaymentEventType.objects.get_or_create(name=name)
    PaymentEvent.objects.create(order=order, event_type=event_type, amount=amount,
                                reference=reference)


def _unsellable_lines(order) -> list[str]:
    from storefront.fulfilment.certificates import unsellable_lines

    lines = list(order.lines.select_related("product").order_by("pk"))
    gone = unsellable_lines(lines)
    return [line.title for line in lines if line.pk in gone]


def _refund_whole(order, payment, reason: str) -> None:
    """Cancel the order (its units released, unless cancelled already), then give the
    whole payment back."""
    from storefront.fulfilment.cancellation import cancel_order

    if order.status != statuses.CANCELLED:
        cancel_order(order, reason=reason)
        order.refresh_from_db()
    refunds.refund_payment_whole(order, payment, reason=reason)
    history.set_status(order, statuses.CANCELLED, reason)


def payment_succeeded(obj) -> str:
    order, payment = _locked(obj)
    if order is None or payment is None:
        logger.warning("Stripe: succeeded for an unknown intent %s", obj.get("id"))
        return "unknown intent"
    if payment.state in (State.SUCCEEDED, State.REFUNDED, State.HELD):
        return f"already {payment.state}"
    received = obj.get("amount_received", obj.get("amount"))
    currency = (obj.get("currency") or "").lower()
    expected = gateway.vnd_amount(order.total_incl_tax)
    if received != expected or currency != gateway.CURRENCY or payment.amount != expected:
        payment.state = State.HELD
        payment.save(update_fields=["state", "updated_at"])
        message = (f"Stripe báo đã thu {received} {currency.upper()}, đơn cần {expected} VND: "
                   f"đơn bị tạm giữ để kiểm tra.")
        history.set_status(order, statuses.ON_HOLD, message)
        mail_managers(f"Đơn {order.number}: số tiền thanh toán không khớp", message)
        return "amount mismatch: held"
    if order.status == statuses.CANCELLED:
        _refund_whole(order, payment, "Thanh toán đến sau khi đơn đã huỷ: hoàn tiền tự động.")
        return "order cancelled: refunded"
    gone = _unsellable_lines(order)
    if gone:
        # The last certificate check: nothing is sold whose certificate lapsed meanwhile.
        _refund_whole(order, payment, _(
            "Hoàn tiền tự động: chứng nhận OCOP của %(items)s không còn hiệu lực khi thanh "
            "toán hoàn tất, nên đơn hàng được huỷ.") % {"items": ", ".join(gone)})
        return "certificate no longer valid: refunded"
    payment.state = State.SUCCEEDED
    payment.save(update_fields=["state", "updated_at"])
    Source.objects.filter(order=order, source_type__code="card").update(
        amount_debited=order.total_incl_tax, reference=payment.intent_id)
    _payment_event(order, "Thanh toán thẻ", order.total_incl_tax, payment.intent_id)
    history.set_status(order, statuses.PAID, f"Stripe xác nhận thanh toán {payment.intent_id}.")
    return "paid"


def payment_failed(obj) -> str:
    order, payment = _locked(obj)
    if order is None or payment is None:
        return "unknown intent"
    if payment.state != State.CREATED:
        return f"ignored: already {payment.state}"  # e.g. failed after succeeded
    error = obj.get("last_payment_error")
    payment.state = State.FAILED
    payment.failure = str(error.get("message") or "")[:255] if isinstance(error, dict) else ""
    payment.save(update_fields=["state", "failure", "updated_at"])
    OrderNote.objects.create(order=order, note_type="System",
                             message=f"Thanh toán thẻ thất bại ({payment.intent_id}).")
    return "failed"


HANDLERS = {
    "payment_intent.succeeded": payment_succeeded,
    "payment_intent.payment_failed": payment_failed,
    "charge.refunded": refunds.charge_refunded,
    "charge.dispute.created": refunds.dispute_created,
    # A card refund Stripe could not make: the same Refund object in each of them.
    "charge.refund.updated": refunds.refund_updated,
    "refund.updated": refunds.refund_updated,
    "refund.failed": refunds.refund_updated,
}
