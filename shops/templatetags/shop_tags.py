"""Showroom facts on other apps' pages: templates compose apps, Python imports do not."""

from django import template

from ..hours import WEEKDAY_NAMES, is_open_at, local, next_change
from ..selectors import showroom_stock

register = template.Library()


@register.simple_tag
def where_to_buy(product):
    """Showrooms holding this product, each with a level (in stock / few left /
    out of stock): ``{% where_to_buy product as stock %}``."""
    return showroom_stock(product)


@register.simple_tag
def showroom_status(showroom, moment=None):
    """Whether a showroom is open at ``moment`` (now) and when that changes."""
    periods = showroom.periods
    return {
        "has_hours": bool(periods),
        "is_open": is_open_at(periods, moment),
        "next_change": next_change(periods, moment),
    }


@register.simple_tag
def opening_day(when, moment=None):
    """"today", "tomorrow" or the weekday's name ("Thứ Hai") of a local time."""
    days = (local(when).date() - local(moment).date()).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return str(WEEKDAY_NAMES[local(when).weekday()]).lower()
