"""Celery tasks of checkout. Card orders nobody paid are cancelled after
``OCOP_UNPAID_CARD_ORDER_MINUTES`` (beat, every five minutes)."""

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from . import gateway, locks, statuses
from .emails import send_unpaid_cancelled_email
from .models import CardPayment

logger = logging.getLogger("storefront.checkout")
Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
BATCH = 200


def unpaid_deadline(now=None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(minutes=settings.OCOP_UNPAID_CARD_ORDER_MINUTES)


def unpaid_card_orders(now=None):
    """Card orders still waiting for their payment, placed before the deadline."""
    return Order.objects.filter(
        status=statuses.PENDING_PAYMENT, date_placed__lte=unpaid_deadline(now),
        sources__source_type__code="card").distinct().order_by("pk")


def cancel_unpaid_card_order(number: str, *, now=None) -> bool:
    """Cancel one unpaid card order (its units released), then its open intents at
    Stripe. Checked again under the order's row lock: a payment the webhook recorded
    first wins; one that arrives after the cancellation is refunded by the webhook
    (``card_payments.payment_succeeded``). Returns whether it cancelled."""
    from storefront.fulfilment.cancellation import cancel_order

    with transaction.atomic():
        order = locks.order_for_update(number=number)
        if order is None or order.status != statuses.PENDING_PAYMENT or (
                order.date_placed > unpaid_deadline(now)):
            return False
        intents = list(order.card_payments.filter(state=CardPayment.State.CREATED)
                       .exclude(intent_id="").values_list("intent_id", flat=True))
        minutes = settings.OCOP_UNPAID_CARD_ORDER_MINUTES
        cancel_order(order, reason=_("Chưa thanh toán sau %(minutes)s phút: đơn được huỷ tự "
                                     "động.") % {"minutes": minutes})
        order.refresh_from_db()
    for intent_id in intents:
        try:
            gateway.cancel_intent(intent_id=intent_id, key=f"ocop-cancel-{intent_id}")
        except gateway.GatewayError as error:
            # Paid meanwhile (the webhook refunds it) or Stripe unreachable (the intent
            # expires unpaid): the order stays cancelled either way.
            OrderNote.objects.create(order=order, note_type="System", message=_(
                "Chưa huỷ được %(intent)s tại Stripe: %(error)s") % {
                    "intent": intent_id, "error": error.__cause__ or error})
    send_unpaid_cancelled_email(order)
    return True


@shared_task(name="storefront.checkout.tasks.cancel_unpaid_card_orders")
def cancel_unpaid_card_orders() -> int:
    """Cancel every card order left unpaid too long, in batches; returns how many."""
    now = timezone.now()
    cancelled = 0
    last = 0
    while True:
        batch = list(unpaid_card_orders(now).filter(pk__gt=last)
                     .values_list("pk", "number")[:BATCH])
        if not batch:
            return cancelled
        for pk, number in batch:
            last = pk
            try:
                cancelled += cancel_unpaid_card_order(number, now=now)
            except Exception:  # one order's failure must not stop the others
                logger.exception("Could not cancel unpaid order %s", number)
