"""Producer pages: /producers/ (by province) and /producers/<slug>/."""

from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from .models import Producer
from .pagination import ForgivingPaginationMixin
from .producers import producers_by_province
from .provinces import province_choices, province_name, today_provinces
from .selectors import product_cards


class ProducerListView(ForgivingPaginationMixin, ListView):
    """Producers with certified products on sale, grouped by province."""

    template_name = "catalogue/producer_list.html"
    context_object_name = "producers"
    paginate_by = 100

    def get_queryset(self):
        self.province = self.request.GET.get("province", "")
        if self.province not in today_provinces():
            self.province = ""
        qs = producers_by_province()
        return qs.filter(province_code=self.province) if self.province else qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            provinces=province_choices(),
            province=self.province,
            province_label=province_name(self.province) if self.province else "",
        )
        return ctx


class ProducerDetailView(ForgivingPaginationMixin, ListView):
    """One producer: kind, province and every product of it on sale now."""

    template_name = "catalogue/producer_detail.html"
    context_object_name = "products"
    paginate_by = 48

    def get_queryset(self):
        self.producer = get_object_or_404(Producer, slug=self.kwargs["slug"])
        return (
            product_cards()
            .filter(producer=self.producer, parent__isnull=True, is_public=True)
            .order_by("-ocop_stars", "title", "pk")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["producer"] = self.producer
        return ctx
