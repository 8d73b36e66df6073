"""Consumer product lists: the catalogue, a group's page and search results.

Oscar's catalogue app loads ``CatalogueView`` and ``ProductCategoryView``
from the ``search`` app; these replace its haystack-backed views.
"""

from django.http import HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from catalogue.models import Category
from catalogue.pagination import ForgivingPaginationMixin
from catalogue.provinces import province_name
from catalogue.selectors import product_list

from .forms import ProductFilterForm


class CatalogueView(ForgivingPaginationMixin, ListView):
    template_name = "catalogue/product_list.html"
    context_object_name = "products"
    category = None

    def get(self, request, *args, **kwargs):
        self.form = ProductFilterForm(request.GET or None)
        self.filters = self.form.filters()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return product_list(category=self.category, **self.filters)

    def get_paginate_by(self, queryset):
        return self.form.page_size()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        province = self.filters["province"]
        ctx.update(
            form=self.form,
            filters=self.filters,
            province_label=province_name(province) if province else "",
            category=self.category,
        )
        return ctx


class ProductCategoryView(CatalogueView):
    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category.objects.browsable(), pk=kwargs["pk"])
        url = self.category.get_absolute_url()
        if request.path != url:
            query = request.GET.urlencode()
            return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
        return super().get(request, *args, **kwargs)


class SearchView(CatalogueView):
    template_name = "search/results.html"
