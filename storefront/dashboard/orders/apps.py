"""Oscar's order dashboard, forked (label ``orders_dashboard``).

Read-only for showroom staff, who see their own lines and money only; notes,
status changes and address edits stay head office's until the checkout work
builds the staff order pipeline on ``shops.scoping``.
"""

from oscar.apps.dashboard.orders import apps as oscar_apps

from ..permissions import HeadOfficeByDefault


class OrdersDashboardConfig(HeadOfficeByDefault, oscar_apps.OrdersDashboardConfig):
    name = "storefront.dashboard.orders"
    showroom_views = frozenset({
        "order-list", "order-stats", "order-detail", "order-line-detail",
        "order-refund", "order-recalls",
    })

    def ready(self):
        super().ready()
        from . import views

        self.order_list_view = views.OrderListView
        self.order_detail_view = views.OrderDetailView
        self.line_detail_view = views.LineDetailView
        self.order_stats_view = views.OrderStatsView

    def get_urls(self):
        from django.urls import path

        from . import recalls, refunds

        urls = [
            path("recalls/", recalls.RecallListView.as_view(), name="order-recalls"),
            path("<str:number>/refund/", refunds.OrderRefundView.as_view(), name="order-refund"),
        ]
        return self.post_process_urls(urls) + super().get_urls()
