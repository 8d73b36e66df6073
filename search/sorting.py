"""Sort keys as shoppers and editors see them: one label per key.

The keys and their ORDER BY are the catalogue's (``catalogue.sorting``);
search adds ``relevance``, which only a text query can compute.
"""

from django.utils.translation import gettext_lazy as _

from catalogue.sorting import DEFAULT_SORT, SORTS

RELEVANCE = "relevance"

LABELS = {
    RELEVANCE: _("Phù hợp nhất"),
    "newest": _("Mới nhất"),
    "stars": _("Nhiều sao nhất"),
    "price_asc": _("Giá tăng dần"),
    "price_desc": _("Giá giảm dần"),
    "name": _("Tên A–Z"),
}
assert set(LABELS) == set(SORTS) | {RELEVANCE}, "every catalogue sort key needs a label"

__all__ = ["DEFAULT_SORT", "LABELS", "RELEVANCE", "sort_choices"]


def sort_choices(*keys: str) -> list[tuple[str, str]]:
    """(key, label) for the given keys, or for every key a list can take."""
    return [(key, label) for key, label in LABELS.items() if not keys or key in keys]
