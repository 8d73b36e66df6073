"""PostgreSQL: the searched document stored with the product, and an index
for name order.

0004 indexed the expression ``to_tsvector(search_text) || to_tsvector(description)``,
so a query could use the index, but anything else recomputed both tsvectors
for every row it read (about 45 µs a product): the planner prices the
index's recheck like a sequential scan, so for a short word that matches
most of the catalogue ("b", "ca") it scanned the table and spent most of a
second parsing descriptions. The document is now a stored generated column
(PostgreSQL keeps it current on every write, whatever the code path; the
ORM never names it) under its own GIN index, so a scan reads it instead.
It depends on ``search_text`` and ``description`` only: a later change of
one of their types has to drop the column first and add it again.

Name order (``title COLLATE "vi-x-icu"``, then id) gets a btree index, so a
list in name order reads the first page in order instead of sorting every
match through ICU.
"""

from django.db import migrations

DOCUMENT = ("(to_tsvector('ocop_vi'::regconfig, search_text) || "
            "to_tsvector('ocop_vi'::regconfig, COALESCE(description, '')))")
FORWARD = [
    "ALTER TABLE catalogue_product ADD COLUMN IF NOT EXISTS search_document tsvector "
    f"GENERATED ALWAYS AS {DOCUMENT} STORED",
    "CREATE INDEX IF NOT EXISTS search_document_gin ON catalogue_product "
    "USING gin (search_document)",
    "DROP INDEX IF EXISTS search_product_document_gin",
    'CREATE INDEX IF NOT EXISTS search_product_name_vi ON catalogue_product '
    '((title COLLATE "vi-x-icu"), id)',
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_product_name_vi",
    f"CREATE INDEX IF NOT EXISTS search_product_document_gin ON catalogue_product "
    f"USING gin ({DOCUMENT})",
    "DROP INDEX IF EXISTS search_document_gin",
    "ALTER TABLE catalogue_product DROP COLUMN IF EXISTS search_document",
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
    dependencies = [("search", "0004_description_search")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
