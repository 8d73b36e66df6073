"""What checkout records besides Oscar's order: consent to personal-data processing."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Bump when the wording of the notice changes: each consent names the text agreed to.
CONSENT_VERSION = "2026-11"


class PersonalDataConsent(models.Model):
    """A shopper's consent to processing their personal data (Decree 13/2023/NĐ-CP).

    Recorded when the delivery details are given, before any order exists; the
    order number is filled in when the order is placed.
    """

    email = models.EmailField(_("email"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.CharField(_("notice version"), max_length=16)
    purposes = models.CharField(_("purposes"), max_length=255)
    given_at = models.DateTimeField(_("given at"), auto_now_add=True)
    order_number = models.CharField(_("order number"), max_length=128, blank=True, db_index=True)

    class Meta:
        verbose_name = _("personal-data consent")
        verbose_name_plural = _("personal-data consents")

    def __str__(self):
        return f"{self.email or self.user_id} {self.version} {self.given_at:%Y-%m-%d}"


class SoldUnderCertificate(models.Model):
    """The OCOP certificate an order line was sold under, checked valid at placement.

    Kept by number (as issued), so the confirmation and the order keep naming it
    after the certificate expires or is replaced.
    """

    line = models.OneToOneField("order.Line", on_delete=models.CASCADE,
                                related_name="sold_under")
    certificate_no = models.CharField(_("certificate number"), max_length=64)
    stars = models.PositiveSmallIntegerField(_("stars"))

    class Meta:
        verbose_name = _("certificate of a sold line")
        verbose_name_plural = _("certificates of sold lines")

    def __str__(self):
        return self.certificate_no


class CardPayment(models.Model):
    """One attempt to pay an order by card: one Stripe PaymentIntent.

    ``attempt`` numbers the attempts of an order; the idempotency key sent to
    Stripe is derived from it, so a retried request never creates a second intent.
    """

    class State(models.TextChoices):
        CREATED = "created", _("đã tạo")
        SUCCEEDED = "succeeded", _("thành công")
        FAILED = "failed", _("thất bại")
        REFUNDED = "refunded", _("đã hoàn tiền")
        HELD = "held", _("tạm giữ")

    order = models.ForeignKey("order.Order", on_delete=models.PROTECT,
                              related_name="card_payments")
    attempt = models.PositiveSmallIntegerField(default=1)
    intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    client_secret = models.CharField(max_length=255, blank=True)
    amount = models.PositiveBigIntegerField(help_text=_("VND, zero-decimal as Stripe counts it"))
    currency = models.CharField(max_length=3, default="vnd")
    state = models.CharField(max_length=16, choices=State.choices, default=State.CREATED)
    failure = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["order", "attempt"], name="card_payment_attempt_once"),
        ]

    @property
    def idempotency_key(self) -> str:
        return f"ocop-order-{self.order.number}-attempt-{self.attempt}"


class StripeEvent(models.Model):
    """Every Stripe webhook event received, applied once (the unique id decides)."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=64)
    intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    received_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=255, blank=True)

    def __str__(self):
        return f"{self.type} {self.event_id}"


class Refund(models.Model):
    """Money given back on an order: by Stripe for card orders, recorded by staff for
    cash on delivery and pay at the showroom.

    A card refund is *requested* when Stripe accepts it and *done* when Stripe's
    ``charge.refunded`` event says the money went back (``refunds.charge_refunded``);
    a cash refund is done when staff record it. Requested and done refunds both count
    against what may still be refunded, so a second request never exceeds the payment.
    """

    class State(models.TextChoices):
        REQUESTED = "requested", _("đã yêu cầu")
        DONE = "done", _("đã hoàn")
        FAILED = "failed", _("thất bại")

    class Method(models.TextChoices):
        CARD = "card", _("thẻ, qua Stripe")
        CASH = "cash", _("do nhân viên hoàn trả")

    order = models.ForeignKey("order.Order", on_delete=models.PROTECT, related_name="refunds")
    number = models.PositiveSmallIntegerField(help_text=_("1, 2, … within the order"))
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    method = models.CharField(max_length=8, choices=Method.choices)
    state = models.CharField(max_length=16, choices=State.choices, default=State.REQUESTED)
    reason = models.CharField(max_length=500, blank=True)
    # The PaymentIntent refunded and Stripe's refund object (card refunds only).
    intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    stripe_refund_id = models.CharField(max_length=255, blank=True, db_index=True)
    idempotency_key = models.CharField(max_length=255, unique=True)
    # The confirmation form's token: the same form submitted twice is one refund.
    token = models.CharField(max_length=64, blank=True)
    failure = models.CharField(max_length=255, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    payment_event = models.OneToOneField("order.PaymentEvent", null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="refund")
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("hoàn tiền")
        verbose_name_plural = _("hoàn tiền")
        ordering = ["order", "number"]
        constraints = [
            models.UniqueConstraint(fields=["order", "number"], name="refund_number_once"),
            models.UniqueConstraint(fields=["order", "token"], condition=~models.Q(token=""),
                                    name="refund_token_once"),
        ]

    def __str__(self):
        return f"{self.order_id}#{self.number} {self.amount} {self.state}"


class RefundLine(models.Model):
    """Units of one order line a refund gives the money back for."""

    refund = models.ForeignKey(Refund, on_delete=models.CASCADE, related_name="lines")
    line = models.ForeignKey("order.Line", on_delete=models.PROTECT, related_name="refund_lines")
    quantity = models.PositiveIntegerField()
    amount = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["refund", "line"], name="refund_line_once"),
        ]
