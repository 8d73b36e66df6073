"""The shopper's vouchers (``/accounts/vouchers/``)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from catalogue.pagination import ForgivingPaginationMixin

from .selectors import shopper_vouchers

PAGE_SIZE = 20


class VoucherListView(LoginRequiredMixin, ForgivingPaginationMixin, ListView):
    template_name = "tourism/voucher_list.html"
    context_object_name = "vouchers"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        vouchers, self.explain = shopper_vouchers(self.request.user)
        return vouchers

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = _("Phiếu trải nghiệm")
        ctx["entries"] = self.explain(ctx["vouchers"])
        return ctx
