from django.views.generic import DetailView, ListView

from catalogue.provinces import province_choices

from .selectors import showroom_products, showrooms


class ShowroomListView(ListView):
    """The store locator: showrooms, optionally of one province."""

    template_name = "shops/showroom_list.html"
    context_object_name = "showrooms"
    paginate_by = 30

    def get_queryset(self):
        return showrooms(province=self.request.GET.get("province") or None)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["provinces"] = province_choices()
        ctx["province"] = self.request.GET.get("province", "")
        return ctx


class ShowroomDetailView(DetailView):
    template_name = "shops/showroom_detail.html"
    context_object_name = "showroom"

    def get_queryset(self):
        return showrooms()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["products"] = showroom_products(self.object)[:48]
        return ctx
