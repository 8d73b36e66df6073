"""Showrooms (điểm giới thiệu và bán sản phẩm OCOP) as Oscar partners.

A showroom's staff are Oscar's ``Partner.users``: Oscar's dashboard already
scopes products, stock and orders to them.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from oscar.apps.partner.abstract_models import AbstractPartner

from catalogue.provinces import province_choices, province_name

from .hours import WEEKDAY_CHOICES


class Partner(AbstractPartner):
    """A showroom (or, with ``is_showroom`` off, the online warehouse).

    Its address is ``address`` (the street line), ``ward_code`` and
    ``province_code``; its hours are ``opening_periods`` (``shops.hours``),
    ``opening_hours`` being a free note (holidays, lunch break).
    """

    slug = models.SlugField(_("slug"), max_length=128, unique=True, null=True, blank=True)
    province_code = models.CharField(
        _("Tỉnh/thành"), max_length=2, choices=province_choices, blank=True, db_index=True
    )
    ward_code = models.CharField(_("Phường/xã"), max_length=5, blank=True)
    address = models.CharField(
        _("Số nhà, đường"), max_length=255, blank=True,
        help_text=_("Số nhà, tên đường hoặc thôn/tổ dân phố; phường/xã và tỉnh chọn riêng."),
    )
    opening_hours = models.CharField(
        _("Ghi chú giờ mở cửa"), max_length=255, blank=True,
        help_text=_("Ví dụ: nghỉ Tết Nguyên đán. Giờ mở cửa từng ngày nhập ở bảng bên dưới."),
    )
    phone = models.CharField(_("Điện thoại"), max_length=32, blank=True)
    email = models.EmailField(_("Thư điện tử"), blank=True)
    latitude = models.DecimalField(
        _("Vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("Kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    photo = models.ImageField(_("Ảnh"), upload_to="showrooms/", blank=True, max_length=255)
    is_showroom = models.BooleanField(
        _("Là điểm bán"),
        default=True,
        help_text=_("Điểm bán hiện cho người mua; đối tác khác (kho trực tuyến) chỉ giao hàng."),
    )
    is_active = models.BooleanField(
        _("Đang hoạt động"),
        default=True,
        help_text=_("Bỏ chọn để tạm ẩn điểm bán khỏi danh sách và bản đồ."),
    )

    def get_absolute_url(self):
        return reverse("showrooms:detail", args=[self.slug])

    @property
    def province_name(self):
        return province_name(self.province_code)

    @property
    def ward_name(self):
        from .wards import ward_name

        return ward_name(self.ward_code)

    @property
    def full_address(self) -> str:
        parts = (self.address, self.ward_name, self.province_name if self.province_code else "")
        return ", ".join(part for part in parts if part)

    @property
    def periods(self):
        """Opening periods as ``shops.hours.Period`` (uses a prefetch when there is one)."""
        from .hours import as_periods

        return as_periods(self.opening_periods.all())

    def is_open_at(self, moment=None) -> bool:
        from .hours import is_open_at

        return is_open_at(self.periods, moment)

    def next_change(self, moment=None):
        from .hours import next_change

        return next_change(self.periods, moment)


class OpeningPeriod(models.Model):
    """One period a showroom is open on a weekday; past midnight when closes <= opens."""

    partner = models.ForeignKey(
        Partner, related_name="opening_periods", on_delete=models.CASCADE
    )
    weekday = models.PositiveSmallIntegerField(_("Thứ"), choices=WEEKDAY_CHOICES)
    opens = models.TimeField(_("Mở cửa"))
    closes = models.TimeField(
        _("Đóng cửa"), help_text=_("Sớm hơn giờ mở cửa nghĩa là đóng cửa vào hôm sau.")
    )

    class Meta:
        verbose_name = _("Giờ mở cửa")
        verbose_name_plural = _("Giờ mở cửa")
        ordering = ["partner", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weekday__lte=6), name="opening_weekday_0_to_6"
            ),
            models.CheckConstraint(
                condition=~models.Q(opens=models.F("closes")), name="opening_not_empty"
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


from oscar.apps.partner.models import *  # noqa: E402,F401,F403
