"""Showroom staff screens under ``/dashboard/showroom/``: stock, movements, exports,
stock forms, the counter, the "withdraw from shelf" list and tourism vouchers.

Open to head office and showroom staff; every view reads through
``shops.scoping`` and writes through ``shops.ledger``.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig

from ..permissions import SHOWROOM, STAFF


class ShowroomDashboardConfig(OscarDashboardConfig):
    label = "showroom_dashboard"
    name = "storefront.dashboard.showroom"
    verbose_name = _("Điểm bán")
    default_permissions = (STAFF, SHOWROOM)

    def get_urls(self):
        from . import views, vouchers

        urls = [
            path("", views.StockListView.as_view(), name="showroom-stock"),
            path("stock/<int:pk>/", views.StockRecordUpdateView.as_view(),
                 name="showroom-stockrecord"),
            path("stock/<int:pk>/<slug:action>/", views.StockActionView.as_view(),
                 name="showroom-stock-action"),
            path("movements/", views.MovementListView.as_view(), name="showroom-movements"),
            path("export/stock.csv", views.stock_csv, name="showroom-stock-export"),
            path("export/movements.csv", views.movements_csv,
                 name="showroom-movements-export"),
            path("counter/", views.CounterView.as_view(), name="showroom-counter"),
            path("withdraw/", views.WithdrawListView.as_view(), name="showroom-withdraw"),
            path("vouchers/", vouchers.VoucherView.as_view(), name="showroom-vouchers"),
        ]
        return self.post_process_urls(urls)
