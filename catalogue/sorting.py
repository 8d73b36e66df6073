"""The orders a product list can take: key, label and ORDER BY.

One definition for the catalogue's ``product_list`` selector, the search
form and the CMS product grid. ``min_price`` and ``ocop_stars`` are
annotations that ``product_list`` adds.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Sort:
    label: str
    order_by: tuple[str, ...]

    @property
    def by_price(self) -> bool:
        return any(field.lstrip("-") == "min_price" for field in self.order_by)


SORTS: dict[str, Sort] = {
    "newest": Sort(_("Mới nhất"), ("-date_created", "-pk")),
    "stars": Sort(_("Nhiều sao nhất"), ("-ocop_stars", "title", "pk")),
    "price_asc": Sort(_("Giá tăng dần"), ("min_price", "pk")),
    "price_desc": Sort(_("Giá giảm dần"), ("-min_price", "pk")),
    "name": Sort(_("Tên A–Z"), ("title", "pk")),
}
DEFAULT_SORT = "newest"


def sort_choices(*keys: str) -> list[tuple[str, str]]:
    """(key, label) for the given sort keys, or for all of them."""
    return [(key, sort.label) for key, sort in SORTS.items() if not keys or key in keys]
