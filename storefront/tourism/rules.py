"""Whether a voucher may be used now, read from the order, the certificate and the
visit date at the moment staff ask (nothing is stored by hooks).

- The order: a card order must be paid (any status after "Chờ thanh toán" other than
  held, cancelled or refunded); a pay-at-host order is usable unpaid and the host
  takes the money when the visitor comes. Cancelled or refunded orders (or lines)
  void their vouchers.
- The certificate: the experience must hold a certificate valid today (the
  catalogue's rule, ``Product.objects.certified``); being unlisted does not matter.
- The visit date: used on that local day only (Asia/Ho_Chi_Minh), from 00:00 to
  23:59:59; the visitor who comes on another day asks the host to change the
  booking (a new order).
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from catalogue.models import Product
from catalogue.selectors import certificate_verdict, latest_certificate
from catalogue.validity import local_today
from storefront.checkout import statuses
from storefront.checkout.payment_methods import IN_PERSON_METHODS

from .models import Voucher

VOID_STATUSES = {statuses.CANCELLED, statuses.REFUNDED}

USABLE, REDEEMED, VOID, NOT_YET = "usable", "redeemed", "void", "not_yet"


@dataclass(frozen=True)
class VoucherVerdict:
    state: str  # usable, redeemed, void, not_yet (unpaid, held, wrong day, certificate)
    reason: str  # empty when usable
    paid: bool  # False: the host takes the money at redemption

    @property
    def usable(self) -> bool:
        return self.state == USABLE


def payment_method_code(order) -> str | None:
    source = order.sources.select_related("source_type").first()
    return source.source_type.code if source else None


def order_state(voucher: Voucher, *, method: str | None) -> tuple[str, str, bool]:
    """(state, reason, paid) from the order and line alone (shopper-facing too)."""
    order, line = voucher.order, voucher.line
    in_person = method in IN_PERSON_METHODS
    if voucher.status == Voucher.Status.REDEEMED:
        return REDEEMED, _("Phiếu đã được sử dụng lúc %(when)s.") % {
            "when": date_format(dt_local(voucher.redeemed_at), "H:i d/m/Y")}, True
    if voucher.status == Voucher.Status.EXPIRED:
        return VOID, _("Phiếu đã quá ngày tham quan %(date)s mà chưa được sử dụng.") % {
            "date": date_format(voucher.visit_date, "d/m/Y")}, not in_person
    if order.status in VOID_STATUSES or line.status in VOID_STATUSES:
        return VOID, _("Phiếu không còn giá trị: đơn hàng %(number)s %(status)s.") % {
            "number": order.number, "status": order.status.lower()}, False
    if order.status == statuses.ON_HOLD or line.status == statuses.ON_HOLD:
        return NOT_YET, _("Đơn hàng %(number)s đang tạm giữ; chưa dùng được phiếu.") % {
            "number": order.number}, False
    if not in_person and order.status == statuses.PENDING_PAYMENT:
        return NOT_YET, _("Đơn hàng %(number)s chưa được thanh toán.") % {
            "number": order.number}, False
    return USABLE, "", not in_person


def voucher_verdict(voucher: Voucher, *, today: dt.date | None = None,
                    method: str | None = None) -> VoucherVerdict:
    """Every rule, for the redemption screen. ``method``: the order's payment method
    code when the caller already knows it (one query otherwise)."""
    today = today or local_today()
    if method is None:
        method = payment_method_code(voucher.order)
    state, reason, paid = order_state(voucher, method=method)
    if state != USABLE:
        return VoucherVerdict(state, reason, paid)
    if voucher.visit_date != today:
        when = _("đã qua") if voucher.visit_date < today else _("chưa đến")
        return VoucherVerdict(NOT_YET, _(
            "Phiếu dùng cho ngày %(date)s (%(when)s); hôm nay là %(today)s.") % {
            "date": date_format(voucher.visit_date, "d/m/Y"), "when": when,
            "today": date_format(today, "d/m/Y")}, paid)
    if voucher.product_id is None or not Product.objects.certified(today).filter(
            pk=voucher.product_id).exists():
        return VoucherVerdict(NOT_YET, certificate_reason(voucher.product), paid)
    return VoucherVerdict(USABLE, "", paid)


def certificate_reason(product) -> str:
    if product is None:
        return _("Trải nghiệm này không còn trong danh mục OCOP.")
    certificate = latest_certificate(product)
    if certificate is None:
        return _("“%(product)s” không có giấy chứng nhận OCOP hợp lệ.") % {
            "product": product.get_title()}
    return _("“%(product)s”: %(reason)s.") % {
        "product": product.get_title(), "reason": certificate_verdict(certificate).reason}


def dt_local(moment):
    from django.utils import timezone

    from catalogue.validity import OCOP_TZ

    return timezone.localtime(moment, OCOP_TZ) if moment else moment
