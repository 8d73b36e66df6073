"""Query expressions that differ between PostgreSQL and SQLite."""

from django.db import NotSupportedError
from django.db.models import BooleanField, Expression, F, FloatField, Func, TextField, Value

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


class DocumentMatch(Expression):
    """PostgreSQL: the product's stored document (``search_document``,
    migration 0005: the folded ``search_text`` and the description, HTML
    tags dropped by the parser) has every word as a word start. The column
    is qualified with the query's own alias of the product table (the ORM
    does not know it), so it stays unambiguous in any subquery; its GIN
    index finds the few matches of a rare word, a scan the many of a common
    one — both read the stored tsvector, nothing is parsed per row."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, folded_words):
        super().__init__()
        self.tsquery = " & ".join(f"{word}:*" for word in folded_words)

    def as_sql(self, compiler, connection):
        raise NotSupportedError("the stored search document is PostgreSQL's")

    def as_postgresql(self, compiler, connection):
        alias = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return (f"{alias}.search_document @@ to_tsquery('{TS_CONFIG}'::regconfig, %s)",
                [self.tsquery])


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
