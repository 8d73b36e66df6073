"""Which delivery options a basket and address get.

Home delivery: the rate cards of the destination province (Oscar's weight
bands), else the nationwide cards. Click & collect: each showroom holding the
whole basket, the shopper's province first.
"""

from oscar.apps.shipping import repository

from storefront.checkout.addresses import province_code_of

from .methods import ClickAndCollect
from .selectors import basket_needs, rate_cards_for, showrooms_holding


def _province(shipping_addr) -> str | None:
    return province_code_of(shipping_addr.line4) if shipping_addr is not None else None


class Repository(repository.Repository):
    def get_available_shipping_methods(self, basket, shipping_addr=None, **kwargs):
        province = _province(shipping_addr)
        methods = list(rate_cards_for(province))
        showrooms = showrooms_holding(basket_needs(basket), province_code=province)
        methods += [ClickAndCollect(showroom) for showroom in showrooms]
        return methods

    def get_default_shipping_method(self, basket, shipping_addr=None, **kwargs):
        """The basket page's estimate: home delivery when offered, else the first option."""
        methods = self.get_shipping_methods(basket, shipping_addr=shipping_addr, **kwargs)
        if not methods:
            return repository.Free()
        return methods[0]
