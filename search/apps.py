from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarConfig


class SearchConfig(OscarConfig):
    """Replaces Oscar's haystack search app (same ``search`` label)."""

    label = "search"
    name = "search"
    verbose_name = _("Tìm kiếm")
    namespace = "search"

    def ready(self):
        super().ready()
        from django.db.models.signals import post_delete, post_save

        from catalogue.models import Product
        from catalogue.signals import certificate_changed, sellability_changed
        from shops.models import StockRecord

        from . import receivers

        sellability_changed.connect(receivers.on_sellability_changed,
                                    dispatch_uid="search.sellability")
        certificate_changed.connect(receivers.on_certificate_changed,
                                    dispatch_uid="search.certificate")
        post_save.connect(receivers.on_product_saved, sender=Product, dispatch_uid="search.product")
        post_delete.connect(receivers.on_product_saved, sender=Product,
                            dispatch_uid="search.product_deleted")
        for signal, uid in ((post_save, "search.stock"), (post_delete, "search.stock_deleted")):
            signal.connect(receivers.on_stockrecord_saved, sender=StockRecord, dispatch_uid=uid)

    def get_urls(self):
        from .views import SearchView, suggest

        return self.post_process_urls([
            path("", SearchView.as_view(), name="search"),
            path("suggest/", suggest, name="suggest"),
        ])
