from django.contrib import messages
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from catalogue.pagination import ForgivingPaginationMixin
from catalogue.provinces import province_choices, province_name, today_provinces

from .selectors import showroom_products, showrooms

PRODUCTS_PER_PAGE = 48


class ShowroomListView(ForgivingPaginationMixin, ListView):
    """The store locator: showrooms, optionally of one province."""

    template_name = "shops/showroom_list.html"
    context_object_name = "showrooms"
    paginate_by = 30

    def get(self, request, *args, **kwargs):
        self.province = request.GET.get("province", "")
        if self.province and self.province not in today_provinces():
            # Say so and list every showroom rather than an empty page.
            messages.warning(
                request, _("Không có tỉnh/thành mã “%(code)s”; đang hiển thị mọi tỉnh/thành.")
                % {"code": self.province},
            )
            self.province = ""
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return showrooms(province=self.province or None)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["provinces"] = province_choices()
        ctx["province"] = self.province
        ctx["province_label"] = province_name(self.province) if self.province else ""
        return ctx


class ShowroomDetailView(DetailView):
    """One showroom and the certified products it has in stock."""

    template_name = "shops/showroom_detail.html"
    context_object_name = "showroom"

    def get_queryset(self):
        return showrooms()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        paginator = Paginator(showroom_products(self.object), PRODUCTS_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("page"))
        ctx.update(products=page.object_list, page_obj=page, paginator=paginator)
        return ctx
