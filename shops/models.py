"""Showrooms (điểm giới thiệu và bán sản phẩm OCOP) as Oscar partners.

A showroom's staff are Oscar's ``Partner.users``: Oscar's dashboard already
scopes products, stock and orders to them.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.apps.partner.abstract_models import AbstractPartner, AbstractStockRecord

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


# --- the stock ledger ------------------------------------------------------------------
#
# How the numbers relate (checked by ``manage.py reconcile_stock``):
#
# * ``StockRecord.num_in_stock`` = Σ ``StockMovement.quantity`` of the record: units on
#   the shelf or in the back room, whether promised to an order or not.
# * ``StockRecord.num_allocated`` = Σ ``StockMovement.allocated`` of the record
#   = Σ ``Reservation.quantity`` of its reservations in state "held": units promised to a
#   checkout or a placed order and not yet handed over.
# * Oscar's ``net_stock_level`` = num_in_stock − num_allocated is the free stock that may
#   be sold or reserved; the ledger never lets it go below zero.
#
# A reservation moves only the allocation (+n allocated); releasing or expiring it moves
# it back (−n allocated); consuming it (online order shipped, click & collect picked up)
# removes the units from both (−n quantity, −n allocated). A sale at the counter, a
# delivery, a write-off, a transfer or a count correction moves only the quantity.
# Oscar's own ``allocate`` / ``consume_allocation`` / ``cancel_allocation`` (called by
# ``OrderCreator`` and ``EventHandler``) are routed through ``shops.ledger`` below, so an
# order placed by Oscar is a held reservation too and nothing counts twice.
#
# Only ``shops.ledger`` writes these two columns, with row locks from ``shops.locks``. A
# record saved with a new ``num_in_stock`` (an admin or dashboard form) is turned into a
# "count correction" movement instead of overwriting the level silently.


class StockRecord(AbstractStockRecord):
    class Meta(AbstractStockRecord.Meta):
        constraints = [
            models.CheckConstraint(
                condition=models.Q(num_allocated__isnull=True)
                | models.Q(num_allocated__gte=0, num_allocated__lte=models.F("num_in_stock")),
                name="stockrecord_allocation_within_stock",
            ),
        ]

    @classmethod
    def from_db(cls, db, field_names, values):
        record = super().from_db(db, field_names, values)
        record._loaded_num_in_stock = record.__dict__.get("num_in_stock")
        return record

    def save(self, *args, **kwargs):
        from . import ledger

        creating = self._state.adding
        if creating:
            opening, self.num_in_stock, self.num_allocated = self.num_in_stock or 0, 0, 0
            super().save(*args, **kwargs)
            if opening:
                ledger.receive(self.pk, opening, user=None, note=ledger.OPENING_NOTE)
                self.refresh_from_db(fields=["num_in_stock", "num_allocated"])
            self._loaded_num_in_stock = self.num_in_stock
            return
        counted = self.num_in_stock
        changed = counted != getattr(self, "_loaded_num_in_stock", counted)
        # The ledger owns both columns: a form's save never writes them directly.
        update_fields = kwargs.pop("update_fields", None)
        fields = [
            f.name
            for f in self._meta.concrete_fields
            if not f.primary_key and f.name not in ("num_in_stock", "num_allocated")
        ]
        if update_fields is not None:
            fields = [name for name in fields if name in set(update_fields)]
        if fields:
            super().save(*args, update_fields=fields, **kwargs)
        if changed and counted is not None:
            ledger.count_correction(self.pk, counted, user=None)
        self.refresh_from_db(fields=["num_in_stock", "num_allocated"])
        self._loaded_num_in_stock = self.num_in_stock

    # Oscar's two-stage stock model, through the ledger (see the notes above).

    def allocate(self, quantity):
        if not self.can_track_allocations:
            return
        from . import ledger

        ledger.allocate_for_order(self.pk, quantity)
        self.refresh_from_db(fields=["num_in_stock", "num_allocated"])

    allocate.alters_data = True

    def consume_allocation(self, quantity):
        if not self.can_track_allocations:
            return
        from . import ledger

        ledger.consume_allocation(self.pk, quantity)
        self.refresh_from_db(fields=["num_in_stock", "num_allocated"])

    consume_allocation.alters_data = True

    def cancel_allocation(self, quantity):
        if not self.can_track_allocations:
            return
        from . import ledger

        ledger.cancel_allocation(self.pk, quantity)
        self.refresh_from_db(fields=["num_in_stock", "num_allocated"])

    cancel_allocation.alters_data = True


class StockMovement(models.Model):
    """One change of a stock record: the ledger's row. Never updated or deleted."""

    class Reason(models.TextChoices):
        RECEIVED = "received", _("Nhập hàng")
        SOLD_IN_STORE = "sold_in_store", _("Bán tại cửa hàng")
        ONLINE_ORDER = "online_order", _("Đơn hàng trực tuyến")
        PICKUP = "pickup", _("Khách nhận tại cửa hàng")
        RESERVATION = "reservation", _("Giữ hàng")
        RELEASE = "release", _("Hủy giữ hàng")
        DAMAGED = "damaged", _("Hủy hàng hư hỏng")
        EXPIRED = "expired", _("Hủy hàng hết hạn sử dụng")
        TRANSFER_OUT = "transfer_out", _("Chuyển đi điểm bán khác")
        TRANSFER_IN = "transfer_in", _("Nhận từ điểm bán khác")
        COUNT_CORRECTION = "count_correction", _("Điều chỉnh theo kiểm kê")

    stockrecord = models.ForeignKey(
        "partner.StockRecord",
        # A stock record is deleted only with its showroom or product (head office's
        # decision); its history goes with it, so level = Σ movements still holds.
        on_delete=models.CASCADE,
        related_name="movements",
        verbose_name=_("bản ghi tồn kho"),
    )
    reason = models.CharField(_("lý do"), max_length=20, choices=Reason.choices)
    # Signed change of num_in_stock (units on hand).
    quantity = models.IntegerField(_("số lượng"))
    # Signed change of num_allocated (units held for orders).
    allocated = models.IntegerField(_("số lượng giữ"), default=0)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    # Order number, counter sale reference or transfer reference.
    reference = models.CharField(_("tham chiếu"), max_length=64, blank=True, db_index=True)

    class Meta:
        app_label = "partner"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["stockrecord", "-created_at"], name="movement_record_time")]
        verbose_name = _("biến động tồn kho")
        verbose_name_plural = _("biến động tồn kho")

    def __str__(self):
        return f"{self.get_reason_display()} {self.quantity:+d} ({self.stockrecord_id})"


class Reservation(models.Model):
    """Units held at a stock record for a checkout or an order, idempotent by ``key``."""

    class State(models.TextChoices):
        HELD = "held", _("Đang giữ")
        CONSUMED = "consumed", _("Đã xuất")
        RELEASED = "released", _("Đã hủy")
        EXPIRED = "expired", _("Hết hạn")

    stockrecord = models.ForeignKey(
        "partner.StockRecord",
        on_delete=models.CASCADE,
        related_name="reservations",
        verbose_name=_("bản ghi tồn kho"),
    )
    key = models.CharField(_("khóa"), max_length=100, unique=True)
    quantity = models.PositiveIntegerField(_("số lượng"))
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=State.choices, default=State.HELD
    )
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    order_number = models.CharField(_("số đơn hàng"), max_length=128, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        app_label = "partner"
        indexes = [
            models.Index(fields=["stockrecord", "state"], name="reservation_record_state"),
            models.Index(
                fields=["expires_at"],
                name="reservation_held_expiry",
                condition=models.Q(state="held", expires_at__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="reservation_quantity_positive"
            ),
        ]
        verbose_name = _("giữ hàng")
        verbose_name_plural = _("giữ hàng")

    def __str__(self):
        return f"{self.key}: {self.quantity} ({self.get_state_display()})"


from oscar.apps.partner.models import *  # noqa: E402,F401,F403
