"""SQLite stand-ins for what PostgreSQL does natively (``lower`` of Vietnamese,
``unaccent``, pg_trgm's ``word_similarity``), registered on the connection
that compiles a query that needs them."""

import html
import re
from functools import lru_cache

from catalogue.text import fold_text

# pg_trgm's default word_similarity_threshold.
WORD_SIMILARITY_THRESHOLD = 0.6


def _trigrams(text: str) -> set[str]:
    """pg_trgm's trigrams: each word padded with two spaces before, one after."""
    grams = set()
    for word in text.split():
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


@lru_cache(maxsize=64)
def _query_trigrams(query: str) -> frozenset[str]:
    return frozenset(_trigrams(query))


def word_similarity(query: str | None, text: str | None) -> float:
    """Share of the query's trigrams found in the text (pg_trgm's measure,
    without its search for the best extent: never lower than it)."""
    wanted = _query_trigrams(query or "")
    if not wanted or not text:
        return 0.0
    return len(wanted & _trigrams(text)) / len(wanted)


def _lower(value):
    return value.lower() if value is not None else None


def _fold(value):
    return fold_text(value) if value is not None else None


_TAG = re.compile(r"<[^>]*>")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def _words(value):
    """' buoi do ' for '<p>Bưởi đỏ,</p>' (PostgreSQL's parser does the same)."""
    if not value:
        return " "
    folded = fold_text(html.unescape(_TAG.sub(" ", value)))
    return f" {_NOT_WORD.sub(' ', folded).strip()} "


def ensure_functions(connection) -> None:
    connection.ensure_connection()
    raw = connection.connection
    raw.create_function("ocop_lower", 1, _lower, deterministic=True)
    raw.create_function("ocop_fold", 1, _fold, deterministic=True)
    raw.create_function("ocop_words", 1, _words, deterministic=True)
    raw.create_function("ocop_word_similarity", 2, word_similarity, deterministic=True)
