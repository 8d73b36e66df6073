"""``/dashboard/orders/<number>/refund/``: refund a whole order or some units of its
lines, in two steps (choose, then confirm the amount in VND).

Head office refunds any line, and "everything" means the whole order (its delivery
charge included). Showroom staff see and refund their own lines only
(``shops.scoping.staff_order_lines``): another showroom's order or line is a 404, and
"everything" means all of their own lines. The writing is ``refund_lines``; the
confirmation carries a token (a double submit is one refund) and the amount staff
saw (a refund whose amount changed meanwhile is not made).
"""

import uuid
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from shops import scoping
from storefront.checkout import refunds

from .views import order_for_user_or_404

TEMPLATE = "checkout/dashboard/refund.html"


class RefundForm(forms.Form):
    """One quantity field per line the user may refund, "everything", and a reason."""

    everything = forms.BooleanField(required=False, label=gettext_lazy("Hoàn toàn bộ"))
    reason = forms.CharField(label=gettext_lazy("Lý do hoàn tiền"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, lines, left, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            self.fields[f"qty_{line.pk}"] = forms.IntegerField(
                label=line.title, required=False, min_value=0, max_value=left[line.pk],
                initial=0, error_messages={
                    "max_value": _("Chỉ còn %(limit_value)s sản phẩm có thể hoàn tiền."),
                    "min_value": _("Số lượng không được âm."),
                    "invalid": _("Hãy nhập một số nguyên."),
                })

    def quantity_fields(self):
        return [(line, self[f"qty_{line.pk}"]) for line in self.lines]

    def clean(self):
        data = super().clean()
        if not data.get("everything") and not any(
                data.get(f"qty_{line.pk}") for line in self.lines):
            raise forms.ValidationError(_("Hãy chọn “Hoàn toàn bộ” hoặc nhập số lượng cần "
                                          "hoàn tiền cho ít nhất một sản phẩm."))
        return data

    def quantities(self, *, whole_order: bool, left) -> dict[int, int] | None:
        """None (the whole order) for head office's "everything", else {line: units}."""
        if self.cleaned_data.get("everything"):
            if whole_order:
                return None
            return {line.pk: left[line.pk] for line in self.lines if left[line.pk] > 0}
        return {line.pk: self.cleaned_data[f"qty_{line.pk}"] for line in self.lines
                if self.cleaned_data.get(f"qty_{line.pk}")}


class OrderRefundView(View):
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        self.order = order_for_user_or_404(request.user, kwargs["number"])
        self.head_office = scoping.is_head_office(request.user)
        self.lines = list(scoping.staff_order_lines(request.user).filter(order=self.order)
                          .order_by("pk"))
        if not self.lines:
            raise Http404
        done = refunds.refunded_per_line(self.order)
        self.refunded = {line.pk: done.get(line.pk, (0, Decimal(0))) for line in self.lines}
        self.left = {line.pk: line.quantity - self.refunded[line.pk][0] for line in self.lines}
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.page(RefundForm(lines=self.lines, left=self.left))

    def post(self, request, *args, **kwargs):
        own = {line.pk for line in self.lines}
        for name in request.POST:
            # A line of another showroom (or of another order): not this user's to see.
            if name.startswith("qty_") and (not name[4:].isdigit() or int(name[4:]) not in own):
                raise Http404
        form = RefundForm(request.POST, lines=self.lines, left=self.left)
        if not form.is_valid():
            return self.page(form)
        quantities = form.quantities(whole_order=self.head_office, left=self.left)
        if quantities == {}:
            form.add_error(None, _("Các sản phẩm của bạn trong đơn này đã được hoàn tiền hết."))
            return self.page(form)
        try:
            plan = refunds.refund_plan(self.order, quantities)
        except refunds.RefundError as error:
            form.add_error(None, str(error))
            return self.page(form)
        if request.POST.get("action") != "confirm":
            return self.page(form, plan=plan, token=uuid.uuid4().hex)
        try:
            expected = Decimal(request.POST.get("expected_amount", ""))
        except InvalidOperation:
            expected = None
        if expected is None or not expected.is_finite():
            form.add_error(None, _("Thiếu số tiền đã xác nhận. Vui lòng xác nhận lại."))
            return self.page(form, plan=plan, token=uuid.uuid4().hex)
        try:
            refund = refunds.refund_lines(
                self.order, quantities=quantities, reason=form.cleaned_data["reason"],
                user=request.user, token=request.POST.get("token", "")[:64],
                expected_amount=expected)
        except refunds.RefundError as error:
            form.add_error(None, str(error))
            return self.page(form)
        amount = f"{refund.amount:,.0f}".replace(",", ".")
        if refund.state == refund.State.DONE:
            messages.success(request, _("Đã ghi nhận hoàn %(amount)s ₫ cho đơn %(number)s.")
                             % {"amount": amount, "number": self.order.number})
        elif refund.state == refund.State.FAILED:
            messages.error(request, _("Stripe từ chối hoàn %(amount)s ₫: %(reason)s")
                           % {"amount": amount, "reason": refund.failure})
        else:
            messages.success(request, _(
                "Đã gửi yêu cầu hoàn %(amount)s ₫ cho đơn %(number)s tới Stripe. Khoản hoàn "
                "tiền được ghi nhận khi Stripe xác nhận.")
                % {"amount": amount, "number": self.order.number})
        return redirect("dashboard:order-detail", number=self.order.number)

    def page(self, form, *, plan=None, token=""):
        ctx = {
            "order": self.order,
            "form": form,
            "plan": plan,
            "token": token,
            "head_office": self.head_office,
            "rows": [{"line": line, "field": field, "refunded": self.refunded[line.pk],
                      "left": self.left[line.pk]} for line, field in form.quantity_fields()],
        }
        if self.head_office:
            paid = refunds.amount_paid(self.order)
            ctx.update(paid=paid, refunded_total=refunds.amount_refunded(self.order),
                       remaining=paid - refunds.amount_refunded(self.order))
        return render(self.request, TEMPLATE, ctx, status=200)
