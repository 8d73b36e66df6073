"""``manage.py import_certificates FILE [FILE ...] [--report PATH]``.

Imports provinces' recognition decisions (.xlsx/.csv, registry contract §5)
through the same sync service as the feed. Rejected rows are listed by their
spreadsheet row number; they do not make the command fail. A file that
cannot be read at all does (exit status 1), after the other files ran.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalogue.registry.spreadsheets import (
    BATCH_SIZE,
    ImportReport,
    import_certificate_file,
    write_rejections_csv,
)


class Command(BaseCommand):
    help = "Import OCOP certificates from .xlsx/.csv recognition decisions."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help=".xlsx or .csv files")
        parser.add_argument(
            "--report", metavar="PATH", help="write every rejected row to this CSV file"
        )
        parser.add_argument(
            "--batch-size", type=int, default=BATCH_SIZE, help="rows per database batch"
        )

    def handle(self, *args, files, report=None, batch_size=BATCH_SIZE, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        reports = [self.import_one(Path(path), batch_size) for path in files]
        if report:
            with open(report, "w", encoding="utf-8", newline="") as file:
                write_rejections_csv(reports, file)
            self.stdout.write(f"Rejected rows written to {report}")
        unreadable = [r.name for r in reports if not r.ok]
        rejected = sum(len(r.rejected) for r in reports)
        if rejected:
            self.stdout.write(
                self.style.WARNING(f"{rejected} row(s) rejected in total; see the reasons above.")
            )
        if unreadable:
            raise CommandError(f"could not read: {', '.join(unreadable)}")

    def import_one(self, path: Path, batch_size: int) -> ImportReport:
        with self.progress(path.name) as progress:
            result = import_certificate_file(
                path_or_file=path, name=path.name, batch_size=batch_size, on_progress=progress
            )
        self.print_report(result)
        return result

    def progress(self, name: str):
        """A tqdm bar on a terminal; silence when the output is a file or a pipe."""
        if not (hasattr(self.stdout, "isatty") and self.stdout.isatty()):
            return _Silent()
        from tqdm import tqdm

        bar = tqdm(desc=name, unit=" rows", file=sys.stderr, leave=False)
        return _Bar(bar)

    def print_report(self, report: ImportReport) -> None:
        write = self.stdout.write
        if report.error:
            write(self.style.ERROR(f"{report.name}: {report.error}"))
        write(
            f"{report.name}: applied {report.applied}, unchanged {report.unchanged}, "
            f"rejected {len(report.rejected)}, blank rows skipped {report.blank_rows} "
            f"(sync run #{report.run.pk})"
        )
        for row in report.rejected:
            number = f"row {row.row_number}" if row.row_number else "row ?"
            label = f" [{row.certificate_no}]" if row.certificate_no else ""
            write(self.style.WARNING(f"  {number}{label}: {row.reason}"))


class _Silent:
    def __enter__(self):
        return lambda count: None

    def __exit__(self, *exc):
        return False


class _Bar:
    def __init__(self, bar):
        self.bar = bar

    def __enter__(self):
        return self.bar.update

    def __exit__(self, *exc):
        self.bar.close()
        return False
