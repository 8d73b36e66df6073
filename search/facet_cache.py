"""Facet counts and totals of the database backend, cached per filter set and
query words until anything they count changes.

The key holds a generation: the local date (at 00:00 a certificate whose
last day was yesterday leaves every count, with or without any write) and
the newest rows of the catalogue change log (``search.models.CatalogueChange``),
which database triggers append in every transaction that writes products,
certificates, categories, producers, showrooms or a stock record's in-stock
state or price — the stock ledger's UPDATEs and bulk writes included — and
which ``sellability_changed`` appends to as well. The log row commits with
the change, so no one can read the new generation before the new data.

Result ids are never cached: every page asks the database for its ids, so a
product that stops being sellable leaves the results at once; the counts
beside them come from the same generation, so they match the results.
"""

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection

from catalogue.validity import local_today

from .models import CatalogueChange
from .query import FacetValue, SearchQuery

# A late commit is noticed while fewer than this many newer log rows exist
# (the count below is over this window of ids, so it stays an index scan).
WINDOW = 1000
# A last bound on any entry's life, whatever happens.
TIMEOUT = 15 * 60
PREFIX = "search:counts:v1"


@dataclass(frozen=True)
class Counts:
    total: int
    fuzzy: bool
    facets: dict[str, list[FacetValue]] | None  # None: only the total was counted


def generation() -> str:
    """Today's local date and the newest change log rows (one indexed query)."""
    table = connection.ops.quote_name(CatalogueChange._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT last.id, last.token, (SELECT COUNT(*) FROM {table} w "  # noqa: S608
            f"WHERE w.id > last.id - {WINDOW}) FROM {table} last ORDER BY last.id DESC LIMIT 1"
        )
        row = cursor.fetchone()
    newest = ":".join(str(v) for v in row) if row else "0"
    return f"{local_today().isoformat()}:{newest}"


def key(query: SearchQuery, generation: str) -> str:
    """What the counts depend on: the filters and the folded words (accents
    and sort order only rank, paging only slices)."""
    parts = (
        query.text.folded, query.category_path, sorted(query.group), sorted(query.province),
        sorted(query.stars), sorted(query.producer_kind), sorted(query.price), query.showroom,
        query.in_stock,
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"{PREFIX}:{connection.alias}:{generation}:{digest}"


def counts(query: SearchQuery, count: Callable[[], Counts]) -> Counts:
    """The cached counts for ``query``, or ``count()``'s, stored for the next
    request with the same filters. An entry holding only a total serves
    queries that ask for no facets."""
    name = key(query, generation())
    found = cache.get(name)
    if found is not None and (found.facets is not None or not query.facets):
        return found
    counted = count()
    if counted.facets is not None or found is None:
        cache.set(name, counted, TIMEOUT)
    return counted


def note_change() -> None:
    """Add a log row by hand (for changes no trigger sees, e.g. a signal's)
    and drop rows long out of the window."""
    row = CatalogueChange.objects.create(token=secrets.randbits(52))
    CatalogueChange.objects.filter(id__lt=row.id - 10 * WINDOW).delete()
