"""Recall notices: one e-mail per buyer (address) and revoked certificate."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecallNotice(models.Model):
    """A buyer of a revoked certificate's product told about the revocation.

    The unique (certificate, e-mail) pair makes a notice once per buyer and
    certificate, however often the revocation is announced or the task runs; the
    row is written first and ``sent_at`` set when the e-mail went out, so a run
    that failed half-way sends the rest next time.
    """

    certificate_no = models.CharField(_("certificate number"), max_length=64)
    product = models.ForeignKey("catalogue.Product", on_delete=models.PROTECT,
                                related_name="+")
    email = models.EmailField(_("email"))
    order_numbers = models.TextField(_("order numbers"), blank=True)
    decision_no = models.CharField(_("decision number"), max_length=128, blank=True)
    revocation_reason = models.TextField(_("revocation reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo thu hồi")
        verbose_name_plural = _("thông báo thu hồi")
        constraints = [
            models.UniqueConstraint(fields=["certificate_no", "email"],
                                    name="recall_once_per_buyer_and_certificate"),
        ]
        indexes = [models.Index(fields=["certificate_no", "sent_at"], name="recall_pending_idx")]

    def __str__(self):
        return f"{self.certificate_no} → {self.email}"
