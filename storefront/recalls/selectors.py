"""Who bought a revoked certificate's product: the buyers told and the orders staff see.

A buyer is an order placed in the twelve months up to the revocation (local
dates, Asia/Ho_Chi_Minh; the day of revocation included) with a line of the
certificate's product or of one of its variants. Orders that never took money
and never will are left out: card orders still waiting for payment, and orders
cancelled with nothing paid (nothing was handed over). Every other order counts,
refunded or not, since its goods may be in the buyer's home.
"""

import datetime as dt

from django.db.models import Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from oscar.core.loading import get_model

from catalogue.validity import OCOP_TZ
from storefront.checkout import statuses

Order = get_model("order", "Order")
Line = get_model("order", "Line")
Source = get_model("payment", "Source")


def window(certificate) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of the orders concerned: twelve months up to the end of the day of
    revocation (today when the registry gave no date)."""
    day = certificate.revoked_on or timezone.localdate(timezone=OCOP_TZ)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=OCOP_TZ)
    try:
        start_day = day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        start_day = day.replace(year=day.year - 1, day=28)
    start = dt.datetime.combine(start_day, dt.time(), tzinfo=OCOP_TZ)
    return start, end


def _product_lines_q(product_ids, prefix: str = "") -> Q:
    return Q(**{f"{prefix}product_id__in": product_ids}) | Q(
        **{f"{prefix}product__parent_id__in": product_ids})


def _never_paid():
    paid = Source.objects.filter(order_id=OuterRef("pk")).values("order_id").annotate(
        s=Sum("amount_debited")).filter(s__gt=0)
    return Q(status=statuses.PENDING_PAYMENT) | (Q(status=statuses.CANCELLED) & ~Exists(paid))


def affected_orders(certificate, *, lines=None):
    """Orders concerned by a revoked certificate (``lines``: the order lines to look at,
    e.g. a showroom's own, default all)."""
    start, end = window(certificate)
    lines = (lines if lines is not None else Line.objects.all()).filter(
        _product_lines_q([certificate.product_id]), order_id=OuterRef("pk"))
    return (Order.objects.filter(date_placed__gte=start, date_placed__lt=end)
            .filter(Exists(lines)).exclude(_never_paid()))


def buyer_emails(certificate):
    """Distinct lower-cased e-mail addresses of the affected orders' buyers."""
    return (affected_orders(certificate)
            .annotate(buyer=Lower(Coalesce("user__email", "guest_email")))
            .exclude(buyer="").values_list("buyer", flat=True).distinct().order_by("buyer"))


def orders_of_buyers(certificate, emails) -> dict[str, list[str]]:
    """e-mail -> the numbers of their affected orders (one query)."""
    rows = (affected_orders(certificate)
            .annotate(buyer=Lower(Coalesce("user__email", "guest_email")))
            .filter(buyer__in=list(emails)).order_by("date_placed", "pk")
            .values_list("buyer", "number"))
    found: dict[str, list[str]] = {}
    for email, number in rows:
        found.setdefault(email, []).append(number)
    return found
