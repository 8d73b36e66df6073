"""Oscar's order dashboard, forked (label ``orders_dashboard``).

Showroom staff see and move their own lines and see their own money only
(``shops.scoping``); lines move through ``storefront.fulfilment.services`` (handover)
and ``storefront.fulfilment.cancellation`` (holds, cancellations). Notes
and address edits stay head office's. The pickup queue lists click & collect
orders waiting at the user's showrooms.
"""

from oscar.apps.dashboard.orders import apps as oscar_apps

from ..permissions import HeadOfficeByDefault


class OrdersDashboardConfig(HeadOfficeByDefault, oscar_apps.OrdersDashboardConfig):
    name = "storefront.dashboard.orders"
    showroom_views = frozenset({
        "order-list", "order-stats", "order-detail", "order-line-detail",
        "order-refund", "order-recalls", "order-pickup-queue",
    })

    def ready(self):
        super().ready()
        from . import views

        self.order_list_view = views.OrderListView
        self.order_detail_view = views.OrderDetailView
        self.line_detail_view = views.LineDetailView
        self.order_stats_view = views.OrderStatsView
        self.pickup_queue_view = views.PickupQueueView

    def get_urls(self):
        from django.urls import path

        from . import recalls, refunds

        urls = [
            path("pickup/", self.pickup_queue_view.as_view(), name="order-pickup-queue"),
            path("recalls/", recalls.RecallListView.as_view(), name="order-recalls"),
            path("<str:number>/refund/", refunds.OrderRefundView.as_view(), name="order-refund"),
        ]
        return self.post_process_urls(urls) + super().get_urls()
