"""The catalogue change log behind cached facet counts (``search.facet_cache``):
triggers on the tables a product list depends on append a row to
``search_cataloguechange`` in the writing transaction.

PostgreSQL: one row per statement (statement-level triggers), and for stock
records one row per record whose in-stock state (``num_in_stock > 0``),
price, product or showroom changes, so a sale that leaves stock on the shelf
(most of them) writes nothing here. SQLite has row-level triggers only.
"""

from django.db import migrations, models

LOG = "search_cataloguechange"
WHOLE_TABLES = ("catalogue_product", "catalogue_certificate", "catalogue_productcategory",
                "catalogue_producer", "catalogue_category", "partner_partner")
STOCK = "partner_stockrecord"
# A stock record change that can move a product in or out of a count.
STOCK_MOVED = (
    "(COALESCE(OLD.num_in_stock, 0) > 0) IS DISTINCT FROM (COALESCE(NEW.num_in_stock, 0) > 0)"
    " OR OLD.price IS DISTINCT FROM NEW.price"
    " OR OLD.product_id IS DISTINCT FROM NEW.product_id"
    " OR OLD.partner_id IS DISTINCT FROM NEW.partner_id"
)

POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION search_log_catalogue_change() RETURNS trigger AS $$
BEGIN
    INSERT INTO {LOG} (token) VALUES (floor(random() * 9007199254740991)::bigint);
    RETURN NULL;
END $$ LANGUAGE plpgsql"""


def _postgres_forward():
    yield POSTGRES_FUNCTION
    for table in WHOLE_TABLES:
        yield (f"CREATE TRIGGER search_change_{table} AFTER INSERT OR UPDATE OR DELETE OR "
               f"TRUNCATE ON {table} FOR EACH STATEMENT "
               "EXECUTE FUNCTION search_log_catalogue_change()")
    yield (f"CREATE TRIGGER search_change_{STOCK} AFTER INSERT OR DELETE OR TRUNCATE ON {STOCK} "
           "FOR EACH STATEMENT EXECUTE FUNCTION search_log_catalogue_change()")
    yield (f"CREATE TRIGGER search_change_{STOCK}_update AFTER UPDATE ON {STOCK} FOR EACH ROW "
           f"WHEN ({STOCK_MOVED}) EXECUTE FUNCTION search_log_catalogue_change()")


def _postgres_backward():
    for table in WHOLE_TABLES:
        yield f"DROP TRIGGER IF EXISTS search_change_{table} ON {table}"
    yield f"DROP TRIGGER IF EXISTS search_change_{STOCK} ON {STOCK}"
    yield f"DROP TRIGGER IF EXISTS search_change_{STOCK}_update ON {STOCK}"
    yield "DROP FUNCTION IF EXISTS search_log_catalogue_change()"


def _sqlite_forward():
    insert = f"INSERT INTO {LOG} (token) VALUES (random());"
    for table in (*WHOLE_TABLES, STOCK):
        for event in ("INSERT", "DELETE") + (("UPDATE",) if table != STOCK else ()):
            yield (f"CREATE TRIGGER IF NOT EXISTS search_change_{table}_{event.lower()} "
                   f"AFTER {event} ON {table} BEGIN {insert} END")
    yield (f"CREATE TRIGGER IF NOT EXISTS search_change_{STOCK}_update AFTER UPDATE ON {STOCK} "
           f"WHEN {STOCK_MOVED} BEGIN {insert} END")


def _sqlite_backward():
    for table in (*WHOLE_TABLES, STOCK):
        for event in ("insert", "delete", "update"):
            yield f"DROP TRIGGER IF EXISTS search_change_{table}_{event}"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": _postgres_forward, "sqlite": _sqlite_forward}.get(vendor)
    for sql in statements() if statements else ():
        schema_editor.execute(sql, params=None)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": _postgres_backward, "sqlite": _sqlite_backward}.get(vendor)
    for sql in statements() if statements else ():
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_pending_reindex"),
        ("catalogue", "0037_producer_slug"),
        ("partner", "0010_stock_ledger"),
    ]

    operations = [
        migrations.CreateModel(
            name="CatalogueChange",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("token", models.BigIntegerField()),
            ],
            options={"verbose_name": "catalogue change"},
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
