"""The orders a product list can take: key and ORDER BY.

The catalogue owns the keys and how each one orders a query set (its
``product_list`` selector and the CMS product grid use them); ``search``
owns their labels and adds "relevance", which only a text search can
compute. ``min_price`` and ``ocop_stars`` are annotations that
``product_list`` adds.
"""

from dataclasses import dataclass

from django.db.models import F
from django.db.models.functions import Collate

from .text import sqlite_vietnamese_collation

# ICU's Vietnamese collation on PostgreSQL; on SQLite a collation of the same
# order registered on the connection that runs the query.
_COLLATIONS = {"postgresql": "vi-x-icu", "sqlite": "ocop_vi"}


class VietnameseCollate(Collate):
    """``field COLLATE <vi>``: a a ă â b … đ …, tones after letters."""

    def __init__(self, field: str):
        super().__init__(F(field), "ocop_vi")

    def as_sql(self, compiler, connection, **extra_context):
        collation = _COLLATIONS.get(connection.vendor)
        if collation is None:
            return compiler.compile(self.get_source_expressions()[0])
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            connection.connection.create_collation(collation, sqlite_vietnamese_collation)
        extra_context.setdefault("collation", connection.ops.quote_name(collation))
        return super(Collate, self).as_sql(compiler, connection, **extra_context)


@dataclass(frozen=True)
class Sort:
    order_by: tuple

    @property
    def by_price(self) -> bool:
        return any(isinstance(f, str) and f.lstrip("-") == "min_price" for f in self.order_by)


SORTS: dict[str, Sort] = {
    "newest": Sort(("-date_created", "-pk")),
    "stars": Sort(("-ocop_stars", VietnameseCollate("title").asc(), "pk")),
    "price_asc": Sort(("min_price", "pk")),
    "price_desc": Sort(("-min_price", "pk")),
    "name": Sort((VietnameseCollate("title").asc(), "pk")),
}
DEFAULT_SORT = "newest"
