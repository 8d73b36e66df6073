"""Reads for the account pages, each a fixed number of queries whatever the rows."""

from django.db.models import Prefetch, Sum
from oscar.core.loading import get_model

from storefront.checkout.models import PersonalDataConsent

Order = get_model("order", "Order")
Line = get_model("order", "Line")
Source = get_model("payment", "Source")
UserAddress = get_model("address", "UserAddress")


def orders_of(user):
    """The user's orders, newest first, with their number of units (no query per row)."""
    return (Order._default_manager.filter(user=user)
            .annotate(num_units=Sum("lines__quantity"))
            .order_by("-date_placed", "-pk"))


def _for_page(orders):
    """What an order's page shows, in a fixed number of queries whatever its lines."""
    lines = Line._default_manager.select_related("product", "sold_under").order_by("pk")
    return orders.select_related("shipping_address").prefetch_related(
        Prefetch("lines", queryset=lines),
        Prefetch("sources", queryset=Source._default_manager.select_related("source_type")),
        "status_changes",
    )


def _number(number) -> str | None:
    """An order number as typed in a URL, or None when no order can have it (a NUL
    would not even reach PostgreSQL)."""
    number = str(number)
    return None if "\x00" in number or len(number) > 128 else number


def order_of(*, user, number: str):
    """One of the user's orders, or None (another user's order is as unknown as a
    missing one)."""
    if _number(number) is None:
        return None
    return _for_page(Order._default_manager.filter(user=user, number=number)).first()


def guest_order(*, number: str):
    """A guest's order (the caller has checked the link's hash and the e-mail)."""
    if _number(number) is None:
        return None
    return _for_page(Order._default_manager.filter(user=None, number=number)).first()


def addresses_of(user):
    return UserAddress._default_manager.filter(user=user).select_related("country").order_by(
        "-is_default_for_shipping", "-date_created", "-pk")


def consents_of(user):
    return PersonalDataConsent.objects.filter(user=user).order_by("-given_at")
