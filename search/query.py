"""The one search interface: what is asked (``SearchQuery``) and what a
backend answers (``SearchResult``: ids in order, total, facet counts).

Backends only return ids; ``search.services`` hydrates them through the
catalogue's sellable selector, so no backend can show an uncertified product.
"""

import re
import unicodedata
from dataclasses import dataclass, field, replace

from catalogue.text import fold_text

# Caps stated on the results page: a pasted essay is cut, never run as
# thousands of conditions.
MAX_QUERY_CHARS = 100
MAX_QUERY_WORDS = 8

_WORD = re.compile(r"\w+")
_FOLDED_WORD = re.compile(r"[a-z0-9]+")

# Price ranges offered as facets, in VND: (key, low inclusive, high exclusive).
PRICE_RANGES = (
    ("0-100000", 0, 100_000),
    ("100000-300000", 100_000, 300_000),
    ("300000-1000000", 300_000, 1_000_000),
    ("1000000-", 1_000_000, None),
)

FACETS = ("group", "province", "stars", "producer_kind", "price", "showroom", "in_stock")


@dataclass(frozen=True)
class Text:
    """A query's words, accented (lower case) and folded, after the caps."""

    raw: str = ""
    words: tuple[str, ...] = ()
    folded: tuple[str, ...] = ()
    truncated: bool = False

    @property
    def phrase(self) -> str:
        return " ".join(self.words)

    @property
    def folded_phrase(self) -> str:
        return " ".join(self.folded)

    def __bool__(self) -> bool:
        return bool(self.folded)


def parse_text(value: str | None) -> Text:
    """Lower-case, NFC words; their folded forms keep only [a-z0-9] (so SQL
    wildcards and Elasticsearch syntax never reach a backend)."""
    value = unicodedata.normalize("NFC", value or "")
    truncated = len(value) > MAX_QUERY_CHARS
    words = _WORD.findall(value[:MAX_QUERY_CHARS].lower())
    kept, folded = [], []
    for word in words:
        parts = _FOLDED_WORD.findall(fold_text(word))
        if not parts:
            continue
        if len(kept) == MAX_QUERY_WORDS:
            truncated = True
            break
        kept.append(word)
        folded.append("".join(parts))
    return Text(raw=value.strip(), words=tuple(kept), folded=tuple(folded), truncated=truncated)


@dataclass(frozen=True)
class SearchQuery:
    text: Text = field(default_factory=Text)
    category_path: str | None = None  # a group page: products under this category
    group: tuple[str, ...] = ()
    province: tuple[str, ...] = ()
    stars: tuple[int, ...] = ()
    producer_kind: tuple[str, ...] = ()
    price: tuple[str, ...] = ()  # keys of PRICE_RANGES
    showroom: int | None = None  # a showroom (partner) id with the product in stock
    in_stock: bool = False  # in stock for online orders
    sort: str = "relevance"
    offset: int = 0
    limit: int = 24
    facets: bool = True

    def without(self, facet: str) -> "SearchQuery":
        """The same query without one facet's filter (its counts ignore it)."""
        empty = {"showroom": None, "in_stock": False}.get(facet, ())
        return replace(self, **{facet: empty})


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int


@dataclass
class SearchResult:
    ids: list[int]
    total: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    fuzzy: bool = False  # no exact match: these are near spellings
    backend: str = ""
