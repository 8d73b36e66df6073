"""Oscar pricing/availability strategy for OCOP products.

The certificate rule plugs in here, so the basket, the add-to-basket form and
checkout refuse an uncertified product with a reason, without touching their
views. The rule itself stays in ``catalogue`` (``Product.objects.sellable``).
"""

from oscar.apps.partner import strategy

from catalogue.selectors import product_is_sellable

from .availability import NotCertified
from .models import Partner


class CertifiedOnly:
    def availability_policy(self, product, stockrecord):
        if not product_is_sellable(product):
            return NotCertified()
        return super().availability_policy(product, stockrecord)


class UseWarehouseThenBestStockedShowroom:
    """Sell from the online warehouse (a partner that is not a showroom) while it
    holds free stock, otherwise from the showroom with the most free stock; that
    partner fulfils the line (Oscar's default takes the first record)."""

    def warehouse_ids(self) -> frozenset[int]:
        # Once per strategy (per request), so list pages stay at their query count.
        if not hasattr(self, "_warehouse_ids"):
            self._warehouse_ids = frozenset(
                Partner.objects.filter(is_showroom=False).values_list("pk", flat=True)
            )
        return self._warehouse_ids

    def select_stockrecord(self, product):
        records = list(product.stockrecords.all())  # prefetched on list pages
        if not records:
            return None

        def free(record):
            return record.net_stock_level or 0

        warehouses = self.warehouse_ids()
        stocked = [r for r in records if r.partner_id in warehouses and free(r) > 0]
        if stocked:
            return max(stocked, key=lambda r: (free(r), -r.pk))
        return max(records, key=lambda r: (r.partner_id not in warehouses, free(r), -r.pk))


class OcopStrategy(
    CertifiedOnly,
    UseWarehouseThenBestStockedShowroom,
    strategy.StockRequired,
    strategy.NoTax,
    strategy.Structured,
):
    """Certified only; online warehouse, else best-stocked showroom; stock required; VND."""


class Selector:
    def strategy(self, request=None, user=None, **kwargs):
        return OcopStrategy(request)
