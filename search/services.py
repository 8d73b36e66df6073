"""The search entry point for pages, autocomplete and anything else.

``search()`` asks the configured backend (Elasticsearch when
``ELASTICSEARCH_URL`` is set, else the database), falls back to the database
backend when Elasticsearch is down, slow or failing (after a few failures
in a row, ``search.breaker`` skips the cluster for a while instead of
waiting for its timeout on every request), and hydrates the ids
through ``catalogue.selectors.product_cards`` — the one sellable selector —
so even a stale index never shows an uncertified product.
"""

import logging
from dataclasses import dataclass

from django.conf import settings

from catalogue.models import Product
from catalogue.selectors import product_cards

from . import breaker
from .backends.database import DatabaseBackend
from .highlight import highlight
from .query import SearchQuery, SearchResult

logger = logging.getLogger(__name__)


class SearchUnavailable(Exception):
    """A backend could not answer (down, timed out, error status)."""


@dataclass
class SearchPage:
    products: list[Product]
    result: SearchResult
    degraded: bool = False  # Elasticsearch failed; the database answered


def get_backend():
    if settings.ELASTICSEARCH_URL:
        from .backends.elastic import ElasticsearchBackend

        return ElasticsearchBackend()
    return DatabaseBackend()


def search(query: SearchQuery) -> SearchPage:
    backend = get_backend()
    if isinstance(backend, DatabaseBackend):
        result = backend.search(query)
        return SearchPage(products=hydrate(result.ids, query), result=result)
    verdict = breaker.allow()
    try:
        if not verdict.allowed:
            raise SearchUnavailable(verdict.reason)
        try:
            result = backend.search(query)
        except SearchUnavailable:
            breaker.failed()
            raise
        breaker.succeeded()
        degraded = False
    except SearchUnavailable as exc:
        logger.warning("Elasticsearch unavailable, answering from the database: %s", exc)
        result = DatabaseBackend().search(query)
        degraded = True
    return SearchPage(products=hydrate(result.ids, query), result=result, degraded=degraded)


def hydrate(ids: list[int], query: SearchQuery | None = None) -> list[Product]:
    """Sellable products for ``ids``, in the backend's order; anything the rule
    refuses today (a stale index) is dropped."""
    if not ids:
        return []
    found = {p.pk: p for p in product_cards().filter(pk__in=ids)}
    products = [found[pk] for pk in ids if pk in found]
    if query is not None and query.text:
        for product in products:
            product.highlighted_title = highlight(product.title, query.text)
    return products
