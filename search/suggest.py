"""Autocomplete and "did you mean" through the same search interface."""

from .query import SearchQuery, Text, parse_text
from .services import search


def suggestions(text: Text, *, limit: int = 8) -> list[dict]:
    """The best matching products' titles and links (no facets counted)."""
    if not text:
        return []
    page = search(SearchQuery(text=text, limit=limit, facets=False))
    return [
        {
            "title": product.title,
            "html": str(getattr(product, "highlighted_title", product.title)),
            "url": product.get_absolute_url(),
            "stars": product.ocop_stars,
        }
        for product in page.products
    ]


def alternative_queries(text: Text, *, limit: int = 3) -> list[str]:
    """For an empty result: the query's words that find something alone."""
    found = []
    if len(text.words) < 2:
        return found
    for word in text.words:
        alone = parse_text(word)
        if search(SearchQuery(text=alone, limit=0, facets=False)).result.total:
            found.append(word)
            if len(found) == limit:
                break
    return found
