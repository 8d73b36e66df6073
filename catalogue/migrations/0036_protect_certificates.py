import django.db.models.deletion
from django.db import migrations, models

TABLES = ("catalogue_certificate", "catalogue_certificatechange")
MESSAGE = "OCOP certificates and their history are never deleted"

# PostgreSQL: TRUNCATE (used by Django's flush) fires no row trigger; every DELETE does.
POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION catalogue_refuse_certificate_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE} (%)', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END
$$;
"""

# SQLite has no TRUNCATE: Django's flush (tests, `manage.py flush`) wipes tables with
# DELETE. The one-row guard table (no model, so flush leaves it) is disarmed by the
# project's SQLite backend around a flush only (storefront/db/sqlite3).
SQLITE_GUARD = (
    "CREATE TABLE catalogue_certificate_guard (armed integer NOT NULL)",
    "INSERT INTO catalogue_certificate_guard (armed) VALUES (1)",
)


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # params=None: the function's '%' is PL/pgSQL's placeholder, not the driver's.
        schema_editor.execute(POSTGRES_FUNCTION, params=None)
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION catalogue_refuse_certificate_delete()"
            )
    elif vendor == "sqlite":
        for statement in SQLITE_GUARD:
            schema_editor.execute(statement)
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                "WHEN (SELECT coalesce(max(armed), 1) FROM catalogue_certificate_guard) = 1 "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete ON {table}")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS catalogue_refuse_certificate_delete()")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS catalogue_certificate_guard")


class Migration(migrations.Migration):
    """Certificates are the registry's: never deleted, by cascade or directly."""

    dependencies = [("catalogue", "0035_registry_authority")]

    operations = [
        migrations.AlterField(
            model_name="certificate",
            name="product",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="certificates",
                to="catalogue.product",
            ),
        ),
        migrations.AlterField(
            model_name="certificatechange",
            name="certificate",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="history",
                to="catalogue.certificate",
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers, elidable=False),
    ]
