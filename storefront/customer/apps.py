import oscar.apps.customer.apps as apps
from django.urls import URLPattern


class CustomerConfig(apps.CustomerConfig):
    """Oscar's customer app, forked: consent at registration, Vietnamese account pages.

    The shop offers neither wish lists nor back-in-stock alerts (the product page
    has no button for them), so their pages are not served.
    """

    name = "storefront.customer"
    hidden_url_names = frozenset({
        "wishlists-list", "wishlists-add-product", "wishlists-create",
        "wishlists-create-with-product", "wishlists-detail", "wishlists-update",
        "wishlists-delete", "wishlists-remove-product", "wishlists-move-product-to-another",
        "alerts-list", "alert-create", "alerts-confirm", "alerts-cancel-by-key",
        "alerts-cancel-by-pk",
    })

    def ready(self):
        super().ready()
        from . import views

        self.notification_inbox_view = views.NotificationInboxView
        self.notification_archive_view = views.NotificationArchiveView
        self.notification_detail_view = views.NotificationDetailView

    def get_urls(self):
        return [url for url in super().get_urls()
                if not (isinstance(url, URLPattern) and url.name in self.hidden_url_names)]
