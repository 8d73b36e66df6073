"""Weighing a basket by each product's own weight (``Product.weight_grams``)."""

from decimal import Decimal

from oscar.apps.shipping import scales

from storefront.tourism.baskets import basket_experience_ids


class Scale(scales.Scale):
    """Oscar's scale, reading the product's weight field instead of an attribute.

    A product without a weight weighs the rate card's default weight (kg).
    """

    def weigh_product(self, product):
        grams = getattr(product, "weight_grams", None)
        if grams is None and product.parent_id:
            grams = product.parent.weight_grams
        if grams is None:
            return Decimal(self.default_weight or 0)
        return Decimal(grams) / 1000

    def weigh_basket(self, basket):
        """Goods only: an experience (a voucher) weighs nothing."""
        lines = list(basket.all_lines())
        experiences = basket_experience_ids(basket)
        return sum((self.weigh_product(line.product) * line.quantity for line in lines
                    if line.product_id not in experiences), Decimal(0))
