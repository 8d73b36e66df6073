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
