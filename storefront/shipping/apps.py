from oscar.apps.shipping import apps


class ShippingConfig(apps.ShippingConfig):
    """Oscar's shipping, forked: home delivery rated by weight and province."""

    name = "storefront.shipping"
    label = "shipping"
