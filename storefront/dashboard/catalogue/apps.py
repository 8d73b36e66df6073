"""Oscar's catalogue dashboard, forked (label ``catalogue_dashboard``).

Product content (title, description, images, categories, listing) is head
office's: creating, editing, deleting and bulk actions are locked to staff.
Showroom staff keep the product list (which sends them to their own stock),
the product lookup and the stock alerts, scoped by ``shops.scoping``.
"""

from oscar.apps.dashboard.catalogue import apps as oscar_apps

from ..permissions import HeadOfficeByDefault


class CatalogueDashboardConfig(HeadOfficeByDefault, oscar_apps.CatalogueDashboardConfig):
    name = "storefront.dashboard.catalogue"
    showroom_views = frozenset(
        {"catalogue-product-list", "catalogue-product-lookup", "stock-alert-list"}
    )

    def ready(self):
        super().ready()
        from . import views

        self.product_list_view = views.ProductListView
        self.product_lookup_view = views.ProductLookupView
        self.stock_alert_view = views.StockAlertListView
        self.product_delete_view = views.ProductDeleteView
