"""Delivery options: Oscar's weight-based home delivery, and click & collect."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping.methods import *  # noqa: F401,F403
from oscar.apps.shipping.methods import Base
from oscar.core import prices

PICKUP_PREFIX = "pickup-"


class ClickAndCollect(Base):
    """Collect at a showroom that holds the whole basket; free, paid there or online."""

    is_discounted = False

    def __init__(self, partner):
        self.partner = partner
        self.code = f"{PICKUP_PREFIX}{partner.pk}"
        self.name = _("Nhận tại %(showroom)s") % {"showroom": partner.name}
        details = [partner.address, partner.province_name if partner.province_code else "",
                   partner.opening_hours]
        self.description = " · ".join(d for d in details if d)

    def calculate(self, basket):
        return prices.Price(currency=basket.currency, excl_tax=Decimal("0"), incl_tax=Decimal("0"))


def pickup_partner_id(code: str | None) -> int | None:
    """The showroom of a click & collect method code, or None for other methods."""
    if code and code.startswith(PICKUP_PREFIX):
        tail = code[len(PICKUP_PREFIX):]
        if tail.isascii() and tail.isdigit():
            return int(tail)
    return None
