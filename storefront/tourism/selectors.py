"""Reads of vouchers: by code for the host's staff (scoped by ``shops.scoping``),
upcoming visits of a showroom, a shopper's vouchers and an order's."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from oscar.core.loading import get_model

from catalogue.validity import local_today
from shops import scoping

from . import codes
from .models import Voucher
from .rules import REDEEMED, USABLE, VOID_STATUSES, order_state

Source = get_model("payment", "Source")
Partner = get_model("partner", "Partner")


def with_payment_method(vouchers):
    """Annotate ``method_code``: the order's payment method (no query per row)."""
    first_source = Source.objects.filter(order_id=OuterRef("order_id")).order_by("pk")
    return vouchers.annotate(method_code=Subquery(first_source.values("source_type__code")[:1]))


def _full(vouchers):
    return with_payment_method(vouchers.select_related(
        "order", "line", "product", "partner", "redeemed_by"))


def staff_voucher_by_code(user, text) -> Voucher | None:
    """The voucher with this code if it belongs to one of the user's showrooms;
    anything else (a malformed code, another host's) is the same ``None``."""
    code = codes.normalise(text)
    if code is None:
        return None
    own = scoping.staff_showrooms(user).values("pk")
    return _full(Voucher.objects.filter(code=code, partner_id__in=own)).first()


def upcoming_visits(partner, *, today: dt.date | None = None):
    """Vouchers of this host still to be used, from today on, by visit date; cancelled
    and refunded orders left out. A queryset: the view paginates it."""
    today = today or local_today()
    return (
        _full(Voucher.objects.filter(partner=partner, visit_date__gte=today,
                                     status=Voucher.Status.ISSUED))
        .exclude(order__status__in=VOID_STATUSES)
        .exclude(line__status__in=VOID_STATUSES)
        .order_by("visit_date", "order_id", "pk")
    )


@dataclass(frozen=True)
class ShopperVoucher:
    voucher: Voucher
    state: str  # usable (valid to use on its day), redeemed, void, not_yet, past
    reason: str

    @property
    def code(self):
        return self.voucher.code


PAST = "past"


def _shopper_view(vouchers, today) -> list[ShopperVoucher]:
    result = []
    for voucher in vouchers:
        state, reason, _paid = order_state(voucher, method=voucher.method_code)
        if state == USABLE and voucher.visit_date < today:
            state = PAST
        result.append(ShopperVoucher(voucher, state, reason if state not in (USABLE, REDEEMED)
                                     else ""))
    return result


def shopper_vouchers(user, *, today: dt.date | None = None):
    """A signed-in shopper's vouchers, latest visit first (the host's address is on the
    partner), and the function that explains a page of them."""
    today = today or local_today()
    vouchers = _full(Voucher.objects.filter(order__user=user))
    vouchers = vouchers.order_by("-visit_date", "order_id", "pk")
    return vouchers, lambda page: _shopper_view(page, today)


def order_vouchers(order, *, today: dt.date | None = None) -> list[ShopperVoucher]:
    """The vouchers of one order (confirmation page, e-mail), one query."""
    today = today or local_today()
    vouchers = _full(Voucher.objects.filter(order=order)).order_by("line_id", "number")
    return _shopper_view(vouchers, today)
