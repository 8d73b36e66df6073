from oscar.apps.catalogue import apps


class CatalogueConfig(apps.CatalogueConfig):
    """Oscar's catalogue, forked: products carry OCOP certificates."""

    name = "catalogue"

    def ready(self):
        super().ready()
        from django.db.models.signals import post_save, pre_save

        from .models import Product
        from .registry.effects import product_listing_after_save, product_listing_before_save

        # Listing changes made by saving a product (Oscar's dashboard, the admin)
        # announce sellability_changed; products_publish announces its own.
        pre_save.connect(
            product_listing_before_save, sender=Product, dispatch_uid="catalogue.listing.before"
        )
        post_save.connect(
            product_listing_after_save, sender=Product, dispatch_uid="catalogue.listing.after"
        )
