"""The benchmarks' database: PostgreSQL, migrated and emptied, never a real one."""

import sys


def prepare_database() -> None:
    """Migrate and flush the configured database (Django must be set up).

    Refuses any database whose name lacks "bench", so a benchmark never wipes
    a database someone uses.
    """
    from django.conf import settings
    from django.core.management import call_command

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        print("warning: DATABASE_URL is not PostgreSQL; figures mean little", file=sys.stderr)
    if "bench" not in str(database["NAME"]):
        sys.exit(f"refusing to flush database {database['NAME']!r}: its name must contain 'bench'")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("flush", verbosity=0, interactive=False)
