"""Oscar pricing/availability strategy for OCOP products.

The certificate rule plugs in here, so the basket, the add-to-basket form and
checkout refuse an uncertified product with a reason, without touching their
views. The rule itself stays in ``catalogue`` (``Product.objects.certified``).
"""

from oscar.apps.partner import strategy

from catalogue.selectors import product_is_sellable

from .availability import NotCertified


class CertifiedOnly:
    def availability_policy(self, product, stockrecord):
        if not product_is_sellable(product):
            return NotCertified()
        return super().availability_policy(product, stockrecord)


class OcopStrategy(CertifiedOnly, strategy.UseFirstStockRecord, strategy.StockRequired,
                   strategy.NoTax, strategy.Structured):
    """First stock record, stock required, prices in VND without tax."""


class Selector:
    def strategy(self, request=None, user=None, **kwargs):
        return OcopStrategy(request)
