"""Community-tourism vouchers at the host: look a code up (typed or scanned), see
what it is for and whether it is paid, redeem it once; the showroom's upcoming
visits. Reads through ``shops.scoping`` (another host's code is "not found", the
same answer as a code that does not exist); failed lookups are throttled."""

import math

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.generic import ListView

from storefront.tourism import services
from storefront.tourism.codes import MAX_INPUT
from storefront.tourism.models import Voucher
from storefront.tourism.rules import USABLE, order_state, voucher_verdict
from storefront.tourism.selectors import staff_voucher_by_code, upcoming_visits

from .views import PAGE_SIZE, ShowroomMixin

NOT_FOUND = gettext_noop(
    "Không tìm thấy phiếu %(code)s ở điểm bán của bạn. Kiểm tra lại mã trên phiếu.")


class VoucherView(ShowroomMixin, ListView):
    template_name = "tourism/dashboard/vouchers.html"
    context_object_name = "visits"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        if self.showroom is None:
            return Voucher.objects.none()
        return upcoming_visits(self.showroom)

    def get(self, request, *args, **kwargs):
        self.found = self.refusal = None
        self.code = (request.GET.get("code") or "").strip()[:MAX_INPUT]
        if self.code:
            self.found = self.lookup(self.code)
        response = super().get(request, *args, **kwargs)
        if self.refusal and self.refusal[1] == 429:
            response.status_code = 429
        return response

    def lookup(self, code):
        """The user's own voucher with this code, or None with ``self.refusal`` set."""
        wait = services.lookup_blocked_for(self.request.user)
        if wait is not None:
            self.refusal = (_("Bạn đã nhập sai mã quá nhiều lần. Vui lòng thử lại sau "
                              "%(minutes)s phút.") % {
                "minutes": max(1, math.ceil(wait.total_seconds() / 60))}, 429)
            return None
        voucher = staff_voucher_by_code(self.request.user, code)
        if voucher is None:
            services.lookup_failed(self.request.user)
            self.refusal = (_(NOT_FOUND) % {"code": code}, 404)
        return voucher

    def post(self, request, *args, **kwargs):
        code = (request.POST.get("code") or "").strip()[:MAX_INPUT]
        self.found, self.refusal, self.code = None, None, code
        voucher = self.lookup(code) if code else None
        if voucher is not None:
            try:
                services.voucher_redeem(voucher_id=voucher.pk, user=request.user)
            except services.RedeemRefused as error:
                messages.error(request, _("Không thể xác nhận phiếu %(code)s: %(reason)s") % {
                    "code": voucher.code, "reason": error})
            else:
                messages.success(request, _("Đã xác nhận phiếu %(code)s: %(product)s, "
                                            "%(name)s.") % {
                    "code": voucher.code, "product": voucher.line.title,
                    "name": voucher.holder_name or voucher.order.email})
            query = {"code": voucher.code, "showroom": voucher.partner_id}
            return redirect(f"{reverse('dashboard:showroom-vouchers')}?{urlencode(query)}")
        if not code:
            self.refusal = (_("Nhập mã phiếu."), 400)
        self.object_list = self.get_queryset()
        ctx = self.get_context_data()
        return render(request, self.template_name, ctx, status=self.refusal[1])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["code"] = self.code
        ctx["voucher"] = self.found
        ctx["refusal"] = self.refusal[0] if self.refusal else ""
        for visit in ctx["visits"]:
            visit.payment_label = payment_label(visit)
        if self.found is not None:
            ctx["verdict"] = voucher_verdict(self.found, method=self.found.method_code)
        return ctx


def payment_label(voucher) -> str:
    state, reason, paid = order_state(voucher, method=voucher.method_code)
    if state != USABLE:
        return reason
    return _("Đã thanh toán") if paid else _("Thu khi khách đến")
