"""Order dashboard views on ``shops.scoping``: showroom staff see and move only their
own lines and see only their own money; head office sees and moves every line. Lines
move through ``storefront.fulfilment.services`` and ``.cancellation`` only (never Oscar's
free status and shipping-event forms, which would skip the stock and the pipeline)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic
from oscar.apps.dashboard.orders import forms as oscar_forms
from oscar.apps.dashboard.orders import views as oscar_views
from oscar.core.compat import UnicodeCSVWriter
from oscar.core.loading import get_model

from catalogue.registry.spreadsheets import safe_cells
from shops import scoping
from storefront.fulfilment import cancellation, services
from storefront.fulfilment import dashboard as actions
from storefront.fulfilment import selectors as fulfilment_selectors
from storefront.fulfilment.models import LineHold
from storefront.fulfilment.moves import FulfilmentError
from storefront.fulfilment.templatetags.fulfilment_tags import status_label

Order = get_model("order", "Order")
Line = get_model("order", "Line")
MAX_SELECTED_LINES = 200
MAX_PK = 2**63 - 1  # the largest key PostgreSQL and SQLite can store


def orders_for_user(user):
    """Oscar's ``queryset_orders_for_user`` on our selector: every order of head
    office, or orders holding at least one line of the user's showrooms."""
    return scoping.staff_orders(user).select_related(
        "billing_address", "shipping_address", "user"
    )


def order_for_user_or_404(user, number):
    number = str(number)
    if len(number) > 128 or any(ord(c) < 32 for c in number):
        raise Http404  # no order has such a number (and PostgreSQL refuses a NUL)
    try:
        return orders_for_user(user).get(number=number)
    except Order.DoesNotExist:
        raise Http404 from None


class OrderSearchForm(oscar_forms.OrderSearchForm):
    """Oscar's search form with the statuses in the reader's language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "---------")] + [
            (value, status_label(value)) for value in Order.all_statuses()]


class OrderListView(oscar_views.OrderListView):
    template_name = "shops/dashboard/order_list.html"
    form_class = OrderSearchForm
    # Statuses follow the lines (storefront.fulfilment): no free status change here.
    actions = ("download_selected_orders",)

    def dispatch(self, request, *args, **kwargs):
        self.head_office = scoping.is_head_office(request.user)
        if request.method == "POST" and request.POST.get("action") not in self.actions:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        self.base_queryset = scoping.with_own_money(
            orders_for_user(self.request.user), self.request.user
        ).order_by("-date_placed", "-pk")
        return super().get_queryset()

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
        ctx["status_filter"] = self.request.GET.get("status", "")
        ctx["statuses"] = Order.all_statuses()
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
    """One order: the user's lines, their statuses and holds, and the actions each
    line (or all of them at once) can take now."""

    template_name = "shops/dashboard/order_detail.html"

    def get_object(self, queryset=None):
        return order_for_user_or_404(self.request.user, self.kwargs["number"])

    def get_order_lines(self):
        open_holds = LineHold.objects.filter(released_at__isnull=True).order_by("-pk")
        return (
            scoping.staff_order_lines(self.request.user)
            .filter(order=self.object)
            .select_related("partner", "product", "stockrecord", "sold_under")
            .prefetch_related(Prefetch("holds", queryset=open_holds, to_attr="open_holds"))
            .order_by("pk")
        )

    def post(self, request, *args, **kwargs):
        order = self.object = self.get_object()
        code = request.POST.get("fulfilment_action", "")
        if "line_action" in request.POST:  # a line's own button: "<action>:<line pk>"
            code, __, line = str(request.POST["line_action"]).partition(":")
            request.POST = request.POST.copy()
            request.POST.setlist("line", [line])
        if code == "cancel_order":
            return self.cancel_order(request, order)
        if code in actions.ACTIONS:
            return self.act(request, order, actions.ACTIONS[code])
        if request.POST.get("order_action") == "save_note" and scoping.is_head_office(
                request.user):
            return self.save_note(request, order)
        if not scoping.is_head_office(request.user):
            raise PermissionDenied
        # Oscar's free status, shipping and payment events would skip the stock.
        return self.reload_page(error=_("Thao tác không hợp lệ."))

    def chosen_lines(self, request, order):
        """The posted lines, all of them the user's own lines of this order (another
        showroom's line or another order's: 404, nothing changes); None: all own."""
        raw = request.POST.getlist("line")
        if not raw:
            return None
        if len(raw) > MAX_SELECTED_LINES:
            raise Http404
        try:
            ids = {int(value) for value in raw}
        except ValueError:
            raise Http404 from None
        if not all(0 < pk <= MAX_PK for pk in ids):  # no database has such a line
            raise Http404
        own = set(scoping.staff_order_lines(request.user).filter(order=order, pk__in=ids)
                  .values_list("pk", flat=True))
        if own != ids:
            raise Http404
        return sorted(ids)

    def act(self, request, order, action):
        lines = self.chosen_lines(request, order)
        user = request.user
        reason = request.POST.get("reason", "")
        calls = {
            "start_preparing": lambda: services.start_preparing(order, lines, user=user),
            "ready_for_pickup": lambda: services.ready_for_pickup(order, lines, user=user),
            "collect": lambda: services.collect(order, lines, user=user),
            "ship": lambda: services.ship(order, lines, user=user,
                                          reference=request.POST.get("reference", "")),
            "record_cash": lambda: services.record_cash(order, lines, user=user),
            "deliver": lambda: services.deliver(order, lines, user=user),
            "hold": lambda: cancellation.hold_lines(order, lines, reason=reason, user=user),
            "release_hold": lambda: cancellation.release_hold(order, lines, user=user),
            "cancel_lines": lambda: cancellation.cancel_lines(order, lines, reason=reason,
                                                              user=user),
        }
        try:
            outcome = calls[action.code]()
        except FulfilmentError as error:
            return self.reload_page(error=str(error))
        self.report(request, action, outcome)
        return self.reload_page()

    def cancel_order(self, request, order):
        try:
            outcome = cancellation.cancel_order(order, reason=request.POST.get("reason", ""),
                                                user=request.user)
        except FulfilmentError as error:
            return self.reload_page(error=str(error))
        self.report(request, actions.ACTIONS["cancel_lines"], outcome)
        return self.reload_page()

    def report(self, request, action, outcome):
        if outcome.moved:
            messages.success(request, _("%(action)s: %(lines)s.") % {
                "action": action.label,
                "lines": ", ".join(f"“{line.title}”" for line in outcome.moved)})
        elif not outcome.held:
            messages.info(request, _("Không có dòng hàng nào cần thay đổi (đã thực hiện "
                                     "trước đó)."))
        if outcome.held:
            messages.warning(request, _("Tạm giữ, không giao: %(items)s.") % {
                "items": "; ".join(f"“{line.title}”: {why}" for line, why in outcome.held)})
        if outcome.refund_error:
            messages.warning(request, _("Chưa hoàn tiền tự động: %(error)s")
                             % {"error": outcome.refund_error})

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, order = self.request.user, self.object
        head_office = scoping.is_head_office(user)
        lines = list(ctx["lines"])
        for line in lines:
            line.actions = actions.line_actions(order, line)
            line.hold = line.open_holds[0] if line.open_holds else None
        ctx.update(
            lines=lines,
            head_office=head_office,
            bulk_actions=actions.bulk_actions(order, lines),
            can_cancel_order=bool(lines) and any(line.actions for line in lines),
            notes=order.notes.select_related("user").order_by("-date_created", "-pk")[:50],
            status_changes=order.status_changes.order_by("-date_created", "-pk")[:50],
            own=scoping.own_money(user, Order.objects.filter(pk=order.pk)),
            is_pickup=fulfilment_selectors.is_pickup(order),
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


class PickupQueueView(generic.TemplateView):
    """Click & collect orders waiting at the user's showrooms, longest waiting (and
    overdue) first; "Khách đã nhận" hands the whole order over."""

    template_name = "fulfilment/pickup_queue.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["queue"] = fulfilment_selectors.pickup_queue(self.request.user)
        ctx["collect_days"] = fulfilment_selectors.collect_days()
        return ctx

    def post(self, request, *args, **kwargs):
        if request.POST.get("fulfilment_action") != "collect":
            raise Http404
        order = order_for_user_or_404(request.user, request.POST.get("order", ""))
        if not fulfilment_selectors.pickup_orders(request.user).filter(pk=order.pk).exists():
            raise Http404
        try:
            outcome = services.collect(order, None, user=request.user)
        except FulfilmentError as error:
            messages.error(request, str(error))
        else:
            if outcome.moved:
                messages.success(request, _("Đơn %(number)s: khách đã nhận hàng.")
                                 % {"number": order.number})
            if outcome.held:
                messages.warning(request, _("Đơn %(number)s — tạm giữ, không giao: "
                                            "%(items)s.") % {"number": order.number,
                                 "items": "; ".join(f"“{line.title}”: {why}"
                                                    for line, why in outcome.held)})
            if not outcome.moved and not outcome.held:
                messages.info(request, _("Đơn %(number)s đã được nhận trước đó.")
                              % {"number": order.number})
        return HttpResponseRedirect(reverse("dashboard:order-pickup-queue"))
