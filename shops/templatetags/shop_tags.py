"""Showroom facts on other apps' pages: templates compose apps, Python imports do not."""

from django import template

from ..selectors import showroom_stock

register = template.Library()


@register.simple_tag
def where_to_buy(product):
    """Showrooms with this product in stock: ``{% where_to_buy product as stock %}``."""
    return showroom_stock(product)
