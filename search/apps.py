from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarConfig


class SearchConfig(OscarConfig):
    """Replaces Oscar's haystack search app (same ``search`` label)."""

    label = "search"
    name = "search"
    verbose_name = _("Search")
    namespace = "search"

    def get_urls(self):
        from .views import SearchView, suggest

        return self.post_process_urls([
            path("", SearchView.as_view(), name="search"),
            path("suggest/", suggest, name="suggest"),
        ])
