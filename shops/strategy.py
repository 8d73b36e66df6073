"""Oscar pricing/availability strategy for OCOP products.

The certificate rule plugs in here, so the basket, the add-to-basket form and
checkout refuse an uncertified product with a reason, without touching their
views. The rule itself stays in ``catalogue`` (``Product.objects.sellable``).
"""

from oscar.apps.partner import strategy

from catalogue.selectors import product_is_sellable

from .availability import NotCertified


class CertifiedOnly:
    def availability_policy(self, product, stockrecord):
        if not product_is_sellable(product):
            return NotCertified()
        return super().availability_policy(product, stockrecord)


class UseBestStockedRecord:
    """Sell from the showroom with the most free stock (products are stocked
    at several showrooms; Oscar's default takes the first record)."""

    def select_stockrecord(self, product):
        records = list(product.stockrecords.all())  # prefetched on list pages
        if not records:
            return None
        return max(records, key=lambda r: ((r.net_stock_level or 0), -r.pk))


class OcopStrategy(
    CertifiedOnly, UseBestStockedRecord, strategy.StockRequired, strategy.NoTax, strategy.Structured
):
    """Certified products only, best-stocked showroom, stock required, VND without tax."""


class Selector:
    def strategy(self, request=None, user=None, **kwargs):
        return OcopStrategy(request)
