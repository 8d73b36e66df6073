"""The dashboard home: head office keeps Oscar's; showroom staff see their own money."""

from datetime import timedelta

from django.utils.timezone import now
from oscar.apps.dashboard.views import IndexView as OscarIndexView
from oscar.core.loading import get_model

from shops import scoping

StockAlert = get_model("partner", "StockAlert")


class IndexView(OscarIndexView):
    def get_template_names(self):
        if scoping.is_head_office(self.request.user):
            return ["oscar/dashboard/index.html"]
        return ["oscar/dashboard/index_nonstaff.html"]

    def get_stats(self):
        user = self.request.user
        if scoping.is_head_office(user):
            return super().get_stats()
        # Oscar's figures for partners sum whole orders (other showrooms'
        # lines included): every amount here is the sum of the user's own lines.
        orders = scoping.staff_orders(user)
        day_ago = now() - timedelta(hours=24)
        last_day = scoping.own_money(user, orders.filter(date_placed__gt=day_ago))
        overall = scoping.own_money(user, orders)
        alerts = StockAlert.objects.filter(
            stockrecord__in=scoping.staff_stockrecords(user).values("pk")
        )
        return {
            "showrooms": scoping.staff_showrooms(user).order_by("name"),
            "total_orders_last_day": last_day["orders"],
            "total_lines_last_day": last_day["lines"],
            "total_revenue_last_day": last_day["revenue"],
            "total_orders": overall["orders"],
            "total_lines": overall["lines"],
            "total_revenue": overall["revenue"],
            "total_products": scoping.staff_stockrecords(user)
            .values("product_id")
            .distinct()
            .count(),
            "total_open_stock_alerts": alerts.filter(status=StockAlert.OPEN).count(),
            "total_closed_stock_alerts": alerts.filter(status=StockAlert.CLOSED).count(),
        }
