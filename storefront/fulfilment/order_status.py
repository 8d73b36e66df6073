"""The one rule: which status an order has, given its lines and its payment."""

from collections.abc import Iterable

from storefront.checkout import statuses as s
from storefront.checkout.models import CardPayment

# What the payment alone says while no line has moved.
_BY_CARD_STATE = {
    CardPayment.State.SUCCEEDED: s.PAID,
    CardPayment.State.HELD: s.ON_HOLD,  # amount mismatch: staff look first
}


def payment_method(order) -> str:
    """``cod``, ``showroom`` or ``card`` (the order's payment source), or ``""``."""
    cached = getattr(order, "_ocop_payment_method", None)
    if cached is None:
        source = next(iter(order.sources.select_related("source_type")), None)
        cached = order._ocop_payment_method = source.source_type.code if source else ""
    return cached


def payment_status(order) -> str:
    """The status before any line moves: cash orders are prepared at once; a card
    order waits for Stripe's word (paid, or held for an amount mismatch)."""
    if payment_method(order) != "card":
        return s.PREPARING
    latest = order.card_payments.order_by("-attempt").first()
    return _BY_CARD_STATE.get(latest.state if latest else None, s.PENDING_PAYMENT)


def line_status(value: str) -> str:
    """A line's status, lines from before the pipeline (Oscar's blank) as new."""
    return value if value in s.LINE_PIPELINE else s.LINE_NEW


def decide_order_status(order, line_statuses: Iterable[str]) -> str:
    """Every line cancelled → cancelled (refunded stays refunded); any held → on hold;
    every line collected or delivered → completed; every line handed to the carrier
    (or delivered) → shipping; every line waiting at the showroom (or collected) →
    awaiting pickup; any line moving → preparing; none moving → what payment says."""
    active = [line_status(v) for v in line_statuses if line_status(v) != s.LINE_CANCELLED]
    if not active:
        return s.REFUNDED if order.status == s.REFUNDED else s.CANCELLED
    present = set(active)
    if s.LINE_HELD in present:
        return s.ON_HOLD
    if present <= {s.LINE_DELIVERED, s.LINE_COLLECTED}:
        return s.COMPLETED
    if present <= {s.LINE_SHIPPED, s.LINE_DELIVERED}:
        return s.SHIPPING
    if present <= {s.LINE_READY, s.LINE_COLLECTED}:
        return s.AWAITING_PICKUP
    if present != {s.LINE_NEW}:
        return s.PREPARING
    return payment_status(order)
