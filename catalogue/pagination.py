class ForgivingPaginationMixin:
    """A ListView whose out-of-range or malformed page shows the nearest page,
    not a 404: links shared before a list shrank (a certificate expired) still work."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()
