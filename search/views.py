"""Consumer product lists: the catalogue, a group's page and search results,
all answered by ``search.services.search`` (one interface, either backend).

Oscar's catalogue app loads ``CatalogueView`` and ``ProductCategoryView``
from the ``search`` app; these replace its haystack-backed views.
"""

from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from catalogue.models import Category
from catalogue.pagination import ForgivingPaginationMixin

from .facets import active_filters, facets_for_page
from .forms import ProductFilterForm
from .query import MAX_QUERY_CHARS, MAX_QUERY_WORDS, SearchQuery, parse_text
from .services import search
from .suggest import alternative_queries, suggestions


class ResultList:
    """What Django's paginator slices: one backend call for the page asked
    for (with facets), another only if the paginator moves to another page."""

    def __init__(self, query: SearchQuery):
        self.query = query
        self.page = None

    def _run(self, offset: int, limit: int, facets: bool):
        from dataclasses import replace

        return search(replace(self.query, offset=offset, limit=limit, facets=facets))

    def count(self) -> int:
        if self.page is None:
            self.page = self._run(self.query.offset, self.query.limit, self.query.facets)
        return self.page.result.total

    def __len__(self):
        return self.count()

    def __getitem__(self, window: slice):
        self.count()
        offset, limit = window.start or 0, (window.stop or 0) - (window.start or 0)
        if limit <= 0:
            return []
        if offset == self.query.offset and limit <= self.query.limit:
            return self.page.products[:limit]
        return self._run(offset, limit, facets=False).products


class CatalogueView(ForgivingPaginationMixin, ListView):
    template_name = "catalogue/product_list.html"
    context_object_name = "products"
    category = None

    def get(self, request, *args, **kwargs):
        self.form = ProductFilterForm(request.GET or None)
        self.filters = self.form.filters()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        page = self.request.GET.get(self.page_kwarg, "1")
        number = int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1
        size = self.form.page_size()
        self.results = ResultList(self.form.query(
            category_path=self.category.path if self.category else None,
            offset=(number - 1) * size, limit=size))
        return self.results

    def get_paginate_by(self, queryset):
        return self.form.page_size()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        page = self.results.page
        text = self.filters["text"]
        ctx.update(
            form=self.form,
            filters=self.filters,
            category=self.category,
            facets=facets_for_page(page.result, self.request),
            chips=active_filters(self.request, self.filters),
            fuzzy=page.result.fuzzy,
            query_truncated=text.truncated,
            query_words=" ".join(text.words),
            max_query_words=MAX_QUERY_WORDS,
            max_query_chars=MAX_QUERY_CHARS,
        )
        if not page.result.total and text:
            ctx["alternatives"] = alternative_queries(text)
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


def suggest(request):
    """Autocomplete: up to 8 product titles (JSON) for what has been typed."""
    text = parse_text(request.GET.get("q", "")[: MAX_QUERY_CHARS * 2])
    return JsonResponse({"query": text.raw, "results": suggestions(text, limit=8)})
