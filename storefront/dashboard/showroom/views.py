"""Showroom staff screens. Reads through ``shops.scoping``, writes through
``shops.ledger``; another showroom's record is a 404, hostile input a message."""

from django.contrib import messages
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from shops import exports, ledger, scoping
from shops.models import StockMovement

from .forms import (
    CounterLineFormSet,
    CountForm,
    ReceiveForm,
    StockFilterForm,
    StockRecordForm,
    TransferForm,
    WriteOffForm,
)

PAGE_SIZE = 25


class ShowroomMixin:
    """The showroom the screen is about: ``?showroom=<id>`` among the user's own
    (any for head office), else the first of them; ``None`` when they have none."""

    def dispatch(self, request, *args, **kwargs):
        self.showrooms = scoping.staff_showrooms(request.user).order_by("name", "pk")
        wanted = request.GET.get("showroom") or request.POST.get("showroom") or ""
        self.showroom = None
        if wanted.isdigit():
            self.showroom = self.showrooms.filter(pk=int(wanted)).first()
        if self.showroom is None:
            self.showroom = self.showrooms.first()
        return super().dispatch(request, *args, **kwargs)

    def own_records(self):
        records = scoping.staff_stockrecords(self.request.user)
        if self.showroom is None:
            return records.none()
        return records.filter(partner=self.showroom)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["showroom"] = self.showroom
        ctx["showrooms"] = self.showrooms if len(self.showrooms) > 1 else []
        return ctx


class StockListView(ShowroomMixin, ListView):
    template_name = "shops/dashboard/stock_list.html"
    context_object_name = "records"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        records = self.own_records().select_related("product", "partner")
        self.form = StockFilterForm(self.request.GET or None)
        if self.form.is_valid():
            term = self.form.cleaned_data["q"].strip()
            if term:
                records = records.filter(
                    Q(product__title__icontains=term)
                    | Q(product__code__iexact=term)
                    | Q(partner_sku__iexact=term)
                    | Q(product__upc__iexact=term)
                )
            if self.form.cleaned_data["low"]:
                records = records.filter(
                    low_stock_threshold__isnull=False,
                    low_stock_threshold__gte=F("num_in_stock") - F("num_allocated"),
                )
        return records.order_by("product__title", "pk")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["form"] = self.form if self.form.is_bound else StockFilterForm()
        return ctx


class StockRecordUpdateView(View):
    template_name = "shops/dashboard/stockrecord_form.html"

    def get_record(self):
        return get_object_or_404(
            scoping.staff_stockrecords(self.request.user).select_related("product", "partner"),
            pk=self.kwargs["pk"],
        )

    def get(self, request, pk):
        record = self.get_record()
        form = StockRecordForm(
            initial={"price": record.price, "low_stock_threshold": record.low_stock_threshold}
        )
        return render(request, self.template_name, {"record": record, "form": form})

    def post(self, request, pk):
        record = self.get_record()
        form = StockRecordForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"record": record, "form": form})
        record.price = form.cleaned_data["price"]
        record.low_stock_threshold = form.cleaned_data["low_stock_threshold"]
        # Only these two columns: the stock level is the ledger's.
        record.save(update_fields=["price", "low_stock_threshold"])
        messages.success(request, _("Đã lưu giá bán và ngưỡng báo sắp hết."))
        return redirect(_stock_url(record))


def _stock_url(record):
    return f"{reverse('dashboard:showroom-stock')}?showroom={record.partner_id}"


class StockActionView(View):
    """Receive, write off, count or transfer one of the user's own records."""

    template_name = "shops/dashboard/stock_action.html"
    forms = {
        "receive": (ReceiveForm, _("Nhập hàng")),
        "write-off": (WriteOffForm, _("Hủy hàng")),
        "count": (CountForm, _("Điều chỉnh theo kiểm kê")),
        "transfer": (TransferForm, _("Chuyển hàng sang điểm bán khác")),
    }

    def dispatch(self, request, *args, **kwargs):
        if kwargs["action"] not in self.forms:
            raise Http404
        self.record = get_object_or_404(
            scoping.staff_stockrecords(request.user).select_related("product", "partner"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def make_form(self, data=None):
        form_class, _title = self.forms[self.kwargs["action"]]
        if form_class is TransferForm:
            targets = (
                type(self.record)
                .objects.filter(product_id=self.record.product_id)
                .exclude(partner_id=self.record.partner_id)
                .select_related("partner")
                .order_by("partner__name")
            )
            return form_class(data, targets=targets)
        return form_class(data)

    def render_form(self, form):
        return render(
            self.request,
            self.template_name,
            {"record": self.record, "form": form, "title": self.forms[self.kwargs["action"]][1]},
        )

    def get(self, request, pk, action):
        return self.render_form(self.make_form())

    def post(self, request, pk, action):
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render_form(form)
        data, user, pk = form.cleaned_data, request.user, self.record.pk
        try:
            if action == "receive":
                ledger.receive(pk, data["quantity"], user=user, note=data["note"])
            elif action == "write-off":
                ledger.write_off(pk, data["quantity"], reason=data["reason"], user=user,
                                 note=data["note"])
            elif action == "count":
                ledger.count_correction(pk, data["counted"], user=user, note=data["note"])
            else:
                ledger.transfer(pk, data["target"], data["quantity"], user=user,
                                note=data["note"])
        except ledger.StockError as error:
            form.add_error(None, str(error))
            return self.render_form(form)
        messages.success(request, _("Đã ghi nhận: %(what)s.") % {
            "what": self.forms[action][1].lower()})
        return redirect(_stock_url(self.record))


class MovementListView(ShowroomMixin, ListView):
    template_name = "shops/dashboard/movement_list.html"
    context_object_name = "movements"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        movements = scoping.staff_movements(self.request.user).filter(
            stockrecord__in=self.own_records().values("pk")
        )
        reason = self.request.GET.get("reason", "")
        if reason in StockMovement.Reason.values:
            movements = movements.filter(reason=reason)
        return movements.select_related("stockrecord__product", "user")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["reasons"] = StockMovement.Reason.choices
        ctx["reason"] = self.request.GET.get("reason", "")
        return ctx


class _ExportView(ShowroomMixin, View):
    """CSV of the one showroom chosen among the user's own (``shops.exports``:
    streamed, formula-safe cells)."""

    def get(self, request):
        showrooms = [self.showroom] if self.showroom is not None else []
        slug = (self.showroom.slug or str(self.showroom.pk)) if self.showroom else "none"
        return self.export(showrooms, slug)


class _StockExport(_ExportView):
    def export(self, showrooms, slug):
        return exports.stock_csv(showrooms, filename=f"ton-kho-{slug}.csv")


class _MovementExport(_ExportView):
    def export(self, showrooms, slug):
        return exports.movements_csv(showrooms, filename=f"bien-dong-{slug}.csv")


stock_csv = _StockExport.as_view()
movements_csv = _MovementExport.as_view()


class WithdrawListView(ShowroomMixin, ListView):
    template_name = "shops/dashboard/withdraw_list.html"
    context_object_name = "records"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return scoping.staff_withdraw_list(self.request.user).filter(
            pk__in=self.own_records().values("pk")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        for record in ctx["records"]:
            record.withdraw_reason = ledger.unsellable_reason(record.product)
        return ctx


class CounterView(ShowroomMixin, View):
    """In-store sales: lines picked by product code (scanned or typed) or name."""

    template_name = "shops/dashboard/counter.html"

    def render_page(self, formset, **extra):
        term = (self.request.GET.get("q") or "").strip()[:100]
        matches = []
        if term:
            matches = list(_match(self.own_records(), term)[:20])
        ctx = {
            "showroom": self.showroom,
            "showrooms": self.showrooms if len(self.showrooms) > 1 else [],
            "formset": formset,
            "q": term,
            "matches": matches,
            **extra,
        }
        return render(self.request, self.template_name, ctx)

    def get(self, request):
        return self.render_page(CounterLineFormSet(prefix="line"))

    def post(self, request):
        formset = CounterLineFormSet(request.POST, prefix="line")
        if self.showroom is None or not formset.is_valid():
            return self.render_page(formset)
        lines, failed = [], False
        records = self.own_records().select_related("product")
        for form in formset:
            text = (form.cleaned_data.get("product") or "").strip()
            quantity = form.cleaned_data.get("quantity")
            if not text and not quantity:
                continue
            if not text:
                form.add_error("product", _("Nhập mã hoặc tên sản phẩm."))
                failed = True
                continue
            found = list(_match(records, text)[:2])
            if not found:
                form.add_error("product", _("Điểm bán không có sản phẩm này."))
                failed = True
            elif len(found) > 1:
                form.add_error(
                    "product", _("Nhiều sản phẩm khớp; hãy nhập mã sản phẩm hoặc tên đầy đủ.")
                )
                failed = True
            elif not quantity:
                form.add_error("quantity", _("Nhập số lượng."))
                failed = True
            else:
                lines.append((found[0].pk, quantity))
        if failed:
            return self.render_page(formset)
        if not lines:
            return self.render_page(formset, errors=[_("Đơn bán chưa có sản phẩm nào.")])
        try:
            sale = ledger.sell_in_store(lines, user=request.user)
        except ledger.StockError as error:
            return self.render_page(formset, errors=error.reasons)
        stock = {
            r.pk: r.num_in_stock for r in records.filter(pk__in=[pk for pk, _q in lines])
        }
        return self.render_page(
            CounterLineFormSet(prefix="line"), sale=sale,
            sold=[(line, stock.get(line.stockrecord_id)) for line in sale.lines],
        )


def _match(records, term):
    """Exact product code / SKU / barcode first; else titles containing the text."""
    exact = records.filter(
        Q(product__code__iexact=term) | Q(partner_sku__iexact=term) | Q(product__upc__iexact=term)
    )
    if exact.exists():
        return exact.order_by("pk")
    by_title = records.filter(product__title__iexact=term)
    if by_title.exists():
        return by_title.order_by("pk")
    return records.filter(product__title__icontains=term).order_by("product__title", "pk")

