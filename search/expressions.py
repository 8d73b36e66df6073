"""Query expressions that differ between PostgreSQL and SQLite."""

from django.db.models import BooleanField, F, FloatField, Func, TextField, Value

from . import sqlite

# The text search configuration made by migration 0001 (simple + unaccent).
TS_CONFIG = "ocop_vi"


class VnLower(Func):
    """Lower case that knows Vietnamese letters (SQLite's lower() is ASCII-only)."""

    function = "LOWER"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra):
        sqlite.ensure_functions(connection)
        return super().as_sql(compiler, connection, function="ocop_lower", **extra)


class Fold(Func):
    """Diacritics off, lower case: 'Bưởi Đỏ' -> 'buoi do'."""

    function = "LOWER"
    template = "LOWER(unaccent(%(expressions)s))"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra):
        sqlite.ensure_functions(connection)
        return super().as_sql(
            compiler, connection, template="ocop_fold(%(expressions)s)", **extra
        )


def document_ids(folded_words) -> tuple[str, list]:
    """SQL for the ids of products whose document — the folded
    ``search_text`` and the description (HTML: the parser drops tags) — has
    every word as a word start, found through migration 0004's GIN index
    (this is its expression). ``OFFSET 0`` keeps the
    planner from folding it into the outer query, where it would rather
    compute both tsvectors row by row for every product of a large group."""
    table = "catalogue_product"
    document = (f"(to_tsvector('{TS_CONFIG}'::regconfig, search_text) || "
                f"to_tsvector('{TS_CONFIG}'::regconfig, COALESCE(description, '')))")
    tsquery = " & ".join(f"{word}:*" for word in folded_words)
    return (f"SELECT id FROM {table} WHERE {document} "  # noqa: S608 - no input in the SQL
            f"@@ to_tsquery('{TS_CONFIG}'::regconfig, %s) OFFSET 0"), [tsquery]


class Words(Func):
    """SQLite: a text's folded words between spaces, HTML tags and
    punctuation dropped: '<p>Bưởi đỏ,</p>' -> ' buoi do '."""

    function = "ocop_words"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra):
        sqlite.ensure_functions(connection)
        return super().as_sql(compiler, connection, **extra)


class WordSimilar(Func):
    """``query <% search_text``: pg_trgm's word similarity above its threshold
    (uses the trigram GIN index); SQLite computes the same measure in Python."""

    template = "%(expressions)s"
    arg_joiner = " <%% "
    output_field = BooleanField()
    conditional = True

    def __init__(self, query: str):
        super().__init__(Value(query), F("search_text"))

    def as_sqlite(self, compiler, connection, **extra):
        sqlite.ensure_functions(connection)
        return super().as_sql(
            compiler,
            connection,
            template=f"ocop_word_similarity(%(expressions)s) >= {sqlite.WORD_SIMILARITY_THRESHOLD}",
            arg_joiner=", ",
            **extra,
        )


class WordSimilarity(Func):
    function = "word_similarity"
    output_field = FloatField()

    def __init__(self, query: str):
        super().__init__(Value(query), F("search_text"))

    def as_sqlite(self, compiler, connection, **extra):
        sqlite.ensure_functions(connection)
        return super().as_sql(compiler, connection, function="ocop_word_similarity", **extra)
