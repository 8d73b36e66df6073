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
