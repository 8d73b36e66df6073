"""PostgreSQL: product descriptions searched with the title, producer and
province. The text filter becomes one tsvector of the folded ``search_text``
and the (HTML) description — the parser drops tags, ``ocop_vi`` folds
accents — under a GIN index of exactly that expression; it replaces 0001's
index on ``search_text`` alone. The trigram index (near spellings) stays on
``search_text``: a typo is looked for in names, not in descriptions."""

from django.db import migrations

DOCUMENT = ("(to_tsvector('ocop_vi'::regconfig, search_text) || "
            "to_tsvector('ocop_vi'::regconfig, COALESCE(description, '')))")
FORWARD = [
    f"CREATE INDEX IF NOT EXISTS search_product_document_gin ON catalogue_product "
    f"USING gin ({DOCUMENT})",
    "DROP INDEX IF EXISTS search_product_text_gin",
]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS search_product_text_gin ON catalogue_product "
    "USING gin (to_tsvector('ocop_vi'::regconfig, search_text))",
    "DROP INDEX IF EXISTS search_product_document_gin",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_catalogue_change")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
