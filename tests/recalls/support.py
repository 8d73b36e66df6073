"""Orders of a product placed at a given time, with or without money taken."""

import itertools
from decimal import Decimal

from oscar.core.loading import get_model

from storefront.checkout import statuses

Order = get_model("order", "Order")
Line = get_model("order", "Line")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

_numbers = itertools.count(500001)
PRICE = Decimal("125000")


def bought(product, email, *, placed, status=statuses.PAID, method="card", paid=True,
           user=None, record=None):
    """An order of one unit of ``product`` by ``email`` (or ``user``) at ``placed``."""
    record = record or product.stockrecords.first()
    order = Order.objects.create(
        number=str(next(_numbers)), currency="VND", total_incl_tax=PRICE, total_excl_tax=PRICE,
        shipping_incl_tax=0, shipping_excl_tax=0, user=user,
        guest_email="" if user else email, date_placed=placed, status=status)
    Line.objects.create(
        order=order, partner=record.partner if record else None,
        partner_name=record.partner.name if record else "", stockrecord=record,
        product=product, title=product.get_title(), quantity=1, num_allocated=0,
        line_price_incl_tax=PRICE, line_price_excl_tax=PRICE,
        line_price_before_discounts_incl_tax=PRICE, line_price_before_discounts_excl_tax=PRICE,
        unit_price_incl_tax=PRICE, unit_price_excl_tax=PRICE)
    source_type, __ = SourceType.objects.get_or_create(code=method, defaults={"name": method})
    Source.objects.create(order=order, source_type=source_type, currency="VND",
                          amount_allocated=PRICE, amount_debited=PRICE if paid else 0)
    return order
