"""``{% order_vouchers order as vouchers %}``: an order's vouchers with their state,
for the confirmation page and e-mail and the order status page (one query)."""

from django import template

from ..selectors import order_vouchers as _order_vouchers

register = template.Library()


@register.simple_tag
def order_vouchers(order):
    if order is None or not getattr(order, "pk", None):
        return []
    return _order_vouchers(order)


@register.simple_tag
def basket_visit_dates(basket):
    """line pk -> visit date for a basket's lines (two queries whatever the lines)."""
    from ..visit_dates import visit_dates_of

    if basket is None or not getattr(basket, "id", None):
        return {}
    return visit_dates_of(basket.all_lines())


@register.filter
def visit_date_for(dates, line):
    return (dates or {}).get(getattr(line, "pk", None))
