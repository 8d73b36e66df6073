"""Django's SQLite backend, letting a flush wipe the protected certificate tables.

Certificates are never deleted: a trigger refuses DELETE on their tables
(catalogue migration 0036). PostgreSQL's flush uses TRUNCATE, which row triggers
do not see; SQLite's flush is a DELETE per table, so this backend disarms the
trigger's guard for the duration of a flush only (tests and `manage.py flush`,
which wipe every table), and re-arms it in the same transaction.
"""

from django.db.backends.sqlite3 import base

GUARD = "catalogue_certificate_guard"


class DatabaseOperations(base.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        sql = super().sql_flush(
            style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
        if sql and GUARD in self.connection.introspection.table_names():
            sql = [f"UPDATE {GUARD} SET armed = 0;", *sql, f"UPDATE {GUARD} SET armed = 1;"]
        return sql


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
