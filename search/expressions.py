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


class TextMatch(Func):
    """Every folded word as a prefix of a word of ``search_text``. The tsvector
    is the expression of migration 0001's GIN index, so the planner uses it."""

    template = (
        f"to_tsvector('{TS_CONFIG}'::regconfig, %(expressions)s) "
        f"@@ to_tsquery('{TS_CONFIG}'::regconfig, %%s)"
    )
    output_field = BooleanField()
    conditional = True

    def __init__(self, folded_words):
        super().__init__(F("search_text"))
        self.tsquery = " & ".join(f"{word}:*" for word in folded_words)

    def as_sql(self, compiler, connection, **extra):
        sql, params = super().as_sql(compiler, connection, **extra)
        return sql, (*params, self.tsquery)


class DocumentMatch(TextMatch):
    """Every folded word as a prefix of a word of ``search_text`` or of the
    description (HTML: the parser drops tags). The tsvector is the expression
    of migration 0004's GIN index, so the planner uses it."""

    def __init__(self, folded_words):
        Func.__init__(self, F("search_text"), F("description"))
        self.tsquery = " & ".join(f"{word}:*" for word in folded_words)

    def as_sql(self, compiler, connection, **extra):
        text, text_params = compiler.compile(self.source_expressions[0])
        description, description_params = compiler.compile(self.source_expressions[1])
        sql = (
            f"((to_tsvector('{TS_CONFIG}'::regconfig, {text}) || "
            f"to_tsvector('{TS_CONFIG}'::regconfig, COALESCE({description}, ''))) "
            f"@@ to_tsquery('{TS_CONFIG}'::regconfig, %s))"
        )
        return sql, (*text_params, *description_params, self.tsquery)


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
