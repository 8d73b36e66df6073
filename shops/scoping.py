"""Who sees which showroom's stock, order lines and money: the one scoping rule.

Head office is any active ``is_staff`` user and sees the whole network.
Showroom staff are active non-staff users holding ``partner.dashboard_access``
and listed in ``Partner.users``: they see their own showrooms' stock records
and order lines only, and every amount they are shown is the sum of their own
lines (never an order's total, which includes other showrooms' money).
Anybody else sees nothing. Every dashboard view and export calls these
selectors instead of filtering by partner itself.
"""

from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from oscar.core.loading import get_model

from catalogue.models import Product

from .models import Partner, StockRecord

DASHBOARD_ACCESS = "partner.dashboard_access"


def is_head_office(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def is_showroom_staff(user) -> bool:
    """Non-staff users with partner dashboard access (their showrooms may be none)."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and not user.is_staff
        and user.has_perm(DASHBOARD_ACCESS)
    )


def staff_showrooms(user) -> QuerySet[Partner]:
    if is_head_office(user):
        return Partner.objects.all()
    if is_showroom_staff(user):
        return Partner.objects.filter(users=user)
    return Partner.objects.none()


def _own_partner_ids(user):
    # A subquery, so that callers add no query of their own.
    return staff_showrooms(user).values("pk")


def staff_stockrecords(user) -> QuerySet[StockRecord]:
    if is_head_office(user):
        return StockRecord.objects.all()
    return StockRecord.objects.filter(partner_id__in=_own_partner_ids(user))


def staff_products(user) -> QuerySet[Product]:
    """Products the user's showrooms stock (every product for head office)."""
    if is_head_office(user):
        return Product.objects.all()
    stocked = staff_stockrecords(user).filter(product_id=OuterRef("pk"))
    return Product.objects.filter(Exists(stocked))


def staff_order_lines(user):
    Line = get_model("order", "Line")
    if is_head_office(user):
        return Line.objects.all()
    return Line.objects.filter(partner_id__in=_own_partner_ids(user))


def staff_orders(user):
    """Orders with at least one line of the user's showrooms, without duplicates."""
    Order = get_model("order", "Order")
    if is_head_office(user):
        return Order.objects.all()
    own_lines = staff_order_lines(user).filter(order_id=OuterRef("pk"))
    return Order.objects.filter(Exists(own_lines))


def _money(expr):
    money = DecimalField(max_digits=14, decimal_places=2)
    return Coalesce(expr, Value(Decimal("0")), output_field=money)


def with_own_money(orders, user):
    """Annotate ``own_total`` (incl. tax), ``own_total_excl_tax`` and ``own_num_items``:
    the sums of the user's own lines of each order (all lines for head office).

    Subqueries rather than a join, so that filters on lines added later by a
    view neither multiply nor narrow the sums."""
    lines = staff_order_lines(user).filter(order_id=OuterRef("pk")).order_by().values("order_id")

    def own(expr, field):
        return Subquery(lines.annotate(value=Sum(expr)).values("value")[:1], output_field=field)

    money = DecimalField(max_digits=14, decimal_places=2)
    return orders.annotate(
        own_total=_money(own("line_price_incl_tax", money)),
        own_total_excl_tax=_money(own("line_price_excl_tax", money)),
        own_num_items=Coalesce(own("quantity", IntegerField()), Value(0)),
    )


def own_money(user, orders=None) -> dict:
    """Totals of the user's own lines over ``orders`` (default: all they may see).

    Returns ``revenue`` (incl. tax), ``revenue_excl_tax``, ``lines``, ``items`` and
    ``orders`` (orders with at least one own line).
    """
    lines = staff_order_lines(user)
    if orders is not None:
        lines = lines.filter(order__in=orders.values("pk"))
    figures = lines.aggregate(
        revenue=_money(Sum("line_price_incl_tax")),
        revenue_excl_tax=_money(Sum("line_price_excl_tax")),
        lines=Count("pk"),
        items=Coalesce(Sum("quantity"), Value(0)),
        orders=Count("order_id", distinct=True),
    )
    return figures


def staff_movements(user):
    """Ledger movements of the user's stock records, newest first."""
    from .models import StockMovement

    return StockMovement.objects.filter(
        stockrecord_id__in=staff_stockrecords(user).values("pk")
    ).order_by("-created_at", "-pk")


def staff_withdraw_list(user, *, on=None):
    """Stock records of the user's showrooms holding units of a product that may no
    longer be sold (the catalogue's ``sellable()`` rule, evaluated now, so a
    certificate expiring at midnight shows here at 00:00). Their stock is kept."""
    sellable = Product.objects.sellable(on).values("pk")
    return (
        staff_stockrecords(user)
        .filter(num_in_stock__gt=0)
        .exclude(product_id__in=sellable)
        .select_related("product", "partner")
        .order_by("partner__name", "product__title", "pk")
    )
