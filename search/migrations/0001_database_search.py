"""PostgreSQL only: unaccent and pg_trgm, the ``ocop_vi`` text search
configuration (simple + unaccent), and GIN indexes on the catalogue's folded
``search_text`` for word-start matches and typo similarity. SQLite needs
none of it (``search.sqlite`` registers Python functions instead)."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'ocop_vi') THEN
            CREATE TEXT SEARCH CONFIGURATION ocop_vi (COPY = simple);
            ALTER TEXT SEARCH CONFIGURATION ocop_vi
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
        END IF;
    END $$""",
    "CREATE INDEX IF NOT EXISTS search_product_text_gin ON catalogue_product "
    "USING gin (to_tsvector('ocop_vi'::regconfig, search_text))",
    "CREATE INDEX IF NOT EXISTS search_product_text_trgm ON catalogue_product "
    "USING gin (search_text gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_product_text_trgm",
    "DROP INDEX IF EXISTS search_product_text_gin",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS ocop_vi",
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
    dependencies = [("catalogue", "0033_producer_webhookevent_product_province_code_and_more")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
