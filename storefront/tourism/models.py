"""Community-tourism vouchers: one per unit (place) of an experience ordered.

Issued when the order is placed, so the shopper sees the codes at once (on the
confirmation page, in the e-mail, on the account page). Whether a voucher may
be used is not stored: it is read at redemption time from the order (paid by
card, or paid at the host when the visitor comes), the product's certificate
and the visit date (``rules.py``), so a cancellation or refund made anywhere
voids it without hooks. After its visit date an unused voucher is closed by a
nightly task: the place held for it is used (paid online) or freed (to be paid at
the host, who took no money).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Voucher(models.Model):
    class Status(models.TextChoices):
        ISSUED = "issued", _("Chưa sử dụng")
        REDEEMED = "redeemed", _("Đã sử dụng")
        # Not used by the end of its visit date (``services.vouchers_close_past``).
        EXPIRED = "expired", _("Quá ngày tham quan")

    code = models.CharField(_("mã phiếu"), max_length=20, unique=True)
    line = models.ForeignKey("order.Line", on_delete=models.PROTECT, related_name="vouchers",
                             verbose_name=_("dòng đơn hàng"))
    order = models.ForeignKey("order.Order", on_delete=models.PROTECT, related_name="vouchers",
                              verbose_name=_("đơn hàng"))
    # The host: the line's partner (the showroom or producer that keeps the places).
    partner = models.ForeignKey("partner.Partner", on_delete=models.PROTECT,
                                related_name="tourism_vouchers", verbose_name=_("nơi đón khách"))
    product = models.ForeignKey("catalogue.Product", on_delete=models.SET_NULL, null=True,
                                related_name="+", verbose_name=_("trải nghiệm"))
    visit_date = models.DateField(_("ngày tham quan"), db_index=True)
    holder_name = models.CharField(_("người tham quan"), max_length=255, blank=True)
    holder_phone = models.CharField(_("điện thoại"), max_length=32, blank=True)
    number = models.PositiveSmallIntegerField(_("số thứ tự trong dòng"), default=1)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices,
                              default=Status.ISSUED)
    issued_at = models.DateTimeField(_("phát hành lúc"), auto_now_add=True)
    redeemed_at = models.DateTimeField(_("sử dụng lúc"), null=True, blank=True)
    redeemed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("nhân viên xác nhận"))

    class Meta:
        verbose_name = _("phiếu trải nghiệm")
        verbose_name_plural = _("phiếu trải nghiệm")
        ordering = ["visit_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["line", "number"], name="tourism_voucher_line_number"),
            models.CheckConstraint(
                condition=models.Q(status__in=["issued", "expired"], redeemed_at__isnull=True)
                | models.Q(status="redeemed", redeemed_at__isnull=False),
                name="tourism_voucher_redeemed_has_time"),
        ]
        indexes = [models.Index(fields=["partner", "visit_date"])]

    def __str__(self):
        return self.code


class LookupThrottle(models.Model):
    """Failed code lookups of one staff member in the current window (guessing brake)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="+")
    failures = models.PositiveIntegerField(default=0)
    window_start = models.DateTimeField()

    class Meta:
        verbose_name = _("giới hạn tra mã phiếu")
