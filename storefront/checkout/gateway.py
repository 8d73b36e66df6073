"""Stripe, through the official library: PaymentIntents (card only) and refunds.

VND is a zero-decimal currency for Stripe: 125.000 ₫ is ``amount=125000``.
Every call carries an idempotency key, so a retry never charges or refunds twice.
``STRIPE_API_BASE`` points the library at another server (the tests' emulator).
"""

from decimal import Decimal

import stripe
from django.conf import settings
from django.utils.translation import gettext as _

CURRENCY = "vnd"


class GatewayError(Exception):
    """Stripe could not be reached or refused the call; ``str()`` is for the shopper."""


def vnd_amount(total: Decimal) -> int:
    amount = Decimal(total)
    if amount != amount.to_integral_value() or amount <= 0:
        raise ValueError(f"{total} is not a whole, positive number of đồng")
    return int(amount)


def client() -> stripe.StripeClient:
    options = {}
    if settings.STRIPE_API_BASE:
        options["base_addresses"] = {"api": settings.STRIPE_API_BASE}
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        http_client=stripe.RequestsClient(timeout=settings.STRIPE_TIMEOUT),
        max_network_retries=settings.STRIPE_MAX_NETWORK_RETRIES,
        **options,
    )


def create_intent(*, amount: int, order_number: str, attempt: int, key: str):
    params = {
        "amount": amount,
        "currency": CURRENCY,
        "payment_method_types": ["card"],
        "metadata": {"order_number": order_number, "attempt": str(attempt)},
    }
    try:
        return client().v1.payment_intents.create(params=params, options={"idempotency_key": key})
    except stripe.StripeError as error:
        raise GatewayError(_("Chưa kết nối được cổng thanh toán thẻ. Đơn hàng của bạn vẫn được "
                             "giữ; vui lòng thử lại sau ít phút.")) from error


def refund(*, intent_id: str, key: str, amount: int | None = None,
           metadata: dict | None = None):
    """Ask Stripe to refund ``amount`` đồng (everything when None) of a PaymentIntent."""
    params = {"payment_intent": intent_id}
    if amount is not None:
        params["amount"] = amount
    if metadata:
        params["metadata"] = metadata
    try:
        return client().v1.refunds.create(params=params, options={"idempotency_key": key})
    except stripe.StripeError as error:
        message = _("Stripe chưa thực hiện được yêu cầu hoàn tiền, nên chưa có khoản hoàn "
                    "tiền nào được ghi nhận. Vui lòng thử lại sau ít phút.")
        raise GatewayError(message) from error


def cancel_intent(*, intent_id: str, key: str):
    """Cancel a PaymentIntent nobody paid; Stripe refuses one already paid or cancelled."""
    try:
        return client().v1.payment_intents.cancel(intent_id, options={"idempotency_key": key})
    except stripe.StripeError as error:
        raise GatewayError(_("Chưa huỷ được yêu cầu thanh toán tại Stripe.")) from error
