"""Order dashboard views: showroom staff see their own lines and money, read-only."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse
from oscar.apps.dashboard.orders import views as oscar_views
from oscar.core.compat import UnicodeCSVWriter
from oscar.core.loading import get_model

from catalogue.registry.spreadsheets import safe_cells
from shops import scoping

Order = get_model("order", "Order")


def orders_for_user(user):
    """Oscar's ``queryset_orders_for_user`` on our selector: every order of head
    office, or orders holding at least one line of the user's showrooms."""
    return scoping.staff_orders(user).select_related(
        "billing_address", "shipping_address", "user"
    )


def order_for_user_or_404(user, number):
    try:
        return orders_for_user(user).get(number=number)
    except Order.DoesNotExist:
        raise Http404 from None


class OrderListView(oscar_views.OrderListView):
    staff_template_name = "shops/dashboard/order_list.html"

    def dispatch(self, request, *args, **kwargs):
        self.head_office = scoping.is_head_office(request.user)
        if not self.head_office and request.method == "POST":
            # Read-only for showroom staff: only the CSV download of selected orders.
            if request.POST.get("action") != "download_selected_orders":
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        if self.head_office:
            return super().get_queryset()
        self.base_queryset = scoping.with_own_money(
            orders_for_user(self.request.user), self.request.user
        ).order_by("-date_placed", "-pk")
        return super().get_queryset()

    def get_template_names(self):
        if self.head_office:
            return super().get_template_names()
        return [self.staff_template_name]

    def get_row_values(self, order):
        row = super().get_row_values(order)
        if not self.head_office:
            row["value"] = order.own_total
            row["num_items"] = order.own_num_items
        return row

    def download_selected_orders(self, request, orders):
        if not self.head_office:
            # Selected ids come from the form: keep only the user's own orders.
            orders = scoping.with_own_money(
                orders_for_user(request.user).filter(pk__in=[o.pk for o in orders]),
                request.user,
            ).order_by("-date_placed", "-pk")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f"attachment; filename={self.get_download_filename(request)}"
        )
        # Customers type their names and e-mails: cells that a spreadsheet would
        # run as formulas are written as text (Oscar's writer writes them as given).
        writer = UnicodeCSVWriter(open_file=response)
        writer.writerow(safe_cells(str(label) for label in self.CSV_COLUMNS.values()))
        for order in orders:
            values = self.get_row_values(order)
            writer.writerow(safe_cells(values.get(column, "") for column in self.CSV_COLUMNS))
        return response

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["head_office"] = self.head_office
        return ctx


class OrderStatsView(oscar_views.OrderStatsView):
    def get_stats(self, filters):
        user = self.request.user
        if scoping.is_head_office(user):
            return super().get_stats(filters)
        orders = scoping.staff_orders(user).filter(**filters)
        figures = scoping.own_money(user, orders)
        return {
            "total_orders": figures["orders"],
            "total_lines": figures["lines"],
            "total_revenue": figures["revenue"],
            "order_status_breakdown": orders.order_by("status")
            .values("status")
            .annotate(freq=Count("id")),
        }


class OrderDetailView(oscar_views.OrderDetailView):
    staff_template_name = "shops/dashboard/order_detail.html"

    def get_object(self, queryset=None):
        return order_for_user_or_404(self.request.user, self.kwargs["number"])

    def get_order_lines(self):
        return (
            scoping.staff_order_lines(self.request.user)
            .filter(order=self.object)
            .select_related("partner", "product", "stockrecord")
            .order_by("pk")
        )

    def post(self, request, *args, **kwargs):
        if not scoping.is_head_office(request.user):
            raise PermissionDenied  # read-only until the staff order pipeline exists
        return super().post(request, *args, **kwargs)

    def get_template_names(self):
        if scoping.is_head_office(self.request.user):
            return super().get_template_names()
        return [self.staff_template_name]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if not scoping.is_head_office(self.request.user):
            ctx["own"] = scoping.own_money(
                self.request.user, Order.objects.filter(pk=self.object.pk)
            )
        return ctx


class LineDetailView(oscar_views.LineDetailView):
    def get_object(self, queryset=None):
        order = order_for_user_or_404(self.request.user, self.kwargs["number"])
        try:
            return scoping.staff_order_lines(self.request.user).get(
                order=order, pk=self.kwargs["line_id"]
            )
        except self.model.DoesNotExist:
            raise Http404 from None
