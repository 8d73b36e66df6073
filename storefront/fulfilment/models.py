"""What fulfilment records besides Oscar's order events: why a line is held."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class LineHold(models.Model):
    """A line kept from handover, and why (shown to staff until released).

    ``previous_status`` is the line's status before the hold, restored on release.
    A line has at most one open hold (``released_at`` empty).
    """

    class Kind(models.TextChoices):
        CERTIFICATE = "certificate", _("Chứng nhận OCOP không còn hiệu lực")
        STAFF = "staff", _("Nhân viên tạm giữ")

    line = models.ForeignKey("order.Line", on_delete=models.CASCADE, related_name="holds")
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    reason = models.CharField(_("lý do"), max_length=500)
    previous_status = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(_("tạm giữ lúc"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    released_at = models.DateTimeField(_("bỏ giữ lúc"), null=True, blank=True)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("dòng hàng tạm giữ")
        verbose_name_plural = _("dòng hàng tạm giữ")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["line"], condition=Q(released_at__isnull=True),
                                    name="fulfilment_one_open_hold_per_line"),
        ]

    def __str__(self):
        return f"#{self.line_id}: {self.reason}"
