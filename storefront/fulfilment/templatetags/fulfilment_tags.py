"""Statuses as the reader's language shows them (stored as Vietnamese labels)."""

from django import template
from django.utils.translation import gettext, ngettext

from storefront.checkout import statuses

register = template.Library()

_KNOWN = frozenset(statuses.ORDER_PIPELINE) | frozenset(statuses.LINE_PIPELINE)


@register.filter
def status_label(value) -> str:
    """An order's or line's status in the active language; anything else as stored
    (never looked up, so a stray value cannot pick up an unrelated translation)."""
    if not value:
        return "-"
    return gettext(value) if value in _KNOWN else str(value)


@register.filter
def status_css(value) -> str:
    """A Bootstrap badge colour for a status."""
    return {
        statuses.ON_HOLD: "warning",
        statuses.CANCELLED: "secondary",
        statuses.REFUNDED: "secondary",
        statuses.COMPLETED: "success",
        statuses.LINE_COLLECTED: "success",
        statuses.LINE_DELIVERED: "success",
        statuses.PENDING_PAYMENT: "light",
    }.get(value, "info")


@register.filter
def waited_label(value) -> str:
    """How long an order has waited, in days and hours ("3 ngày 4 giờ")."""
    if value is None:
        return "-"
    hours = max(int(value.total_seconds() // 3600), 0)
    days, hours = divmod(hours, 24)
    if days:
        return ngettext("%(d)s ngày %(h)s giờ", "%(d)s ngày %(h)s giờ", days) % {
            "d": days, "h": hours}
    return ngettext("%(h)s giờ", "%(h)s giờ", hours) % {"h": hours}
