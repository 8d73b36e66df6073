"""``manage.py sync_registry``: pull the registry feed now, in this process."""

from django.core.management.base import BaseCommand, CommandError

from catalogue.registry.feed import (
    MAX_PAGE_SIZE,
    FeedError,
    current_watermark,
    rejection_reasons,
    rfc3339,
    sync_feed,
)

SHOWN_REJECTIONS = 5


class Command(BaseCommand):
    help = (
        "Pull certificate changes from the OCOP registry feed and apply them. "
        "Asks for changes since the watermark (the server_time of the first page "
        "of the last complete run); the first run, or --full, asks for everything."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--full", action="store_true", help="Ignore the watermark and read every record."
        )
        parser.add_argument(
            "--page-size",
            type=int,
            default=None,
            help=f"Records per page, 1..{MAX_PAGE_SIZE} (default: OCOP_REGISTRY_PAGE_SIZE).",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar, even on a terminal."
        )

    def handle(self, *args, full=False, page_size=None, no_progress=False, **options):
        if page_size is not None and not 1 <= page_size <= MAX_PAGE_SIZE:
            raise CommandError(f"--page-size must be between 1 and {MAX_PAGE_SIZE}.")
        bar = None
        if not no_progress and _is_terminal(self.stdout):
            from tqdm import tqdm

            bar = tqdm(desc="registry", unit=" records", file=self.stdout._out)

        def on_page(run, page, result):
            if bar is not None:
                bar.update(len(page.items))
                bar.set_postfix(pages=run.pages, rejected=run.rejected)

        try:
            run = sync_feed(full=full, page_size=page_size, on_page=on_page)
        except FeedError as error:
            if bar is not None:
                bar.close()
            if error.run is not None:
                self._summary(error.run)
            raise CommandError(f"Registry sync failed: {error}") from None
        if bar is not None:
            bar.close()
        self._summary(run)
        self.stdout.write(self.style.SUCCESS(f"Registry sync #{run.pk} completed."))

    def _summary(self, run):
        write = self.stdout.write
        write(
            f"Run #{run.pk} ({run.get_status_display()}): {run.pages} pages, "
            f"{run.applied} applied, {run.unchanged} unchanged, {run.rejected} rejected."
        )
        if run.updated_since:
            write(f"Asked for changes since {rfc3339(run.updated_since)}.")
        else:
            write("Asked for every record (no watermark).")
        for rejection in rejection_reasons(run, limit=SHOWN_REJECTIONS):
            number = rejection.certificate_no or "(no certificate_no)"
            write(f"  rejected {number}: {rejection.reason}")
        if run.rejected > SHOWN_REJECTIONS:
            write(f"  … and {run.rejected - SHOWN_REJECTIONS} more (see the run in the admin).")
        watermark = current_watermark()
        shown = rfc3339(watermark) if watermark else "none yet"
        if run.status == run.Status.COMPLETED:
            write(f"Watermark: {shown}")
        else:
            write(f"Watermark unchanged: {shown}")


def _is_terminal(stream) -> bool:
    out = getattr(stream, "_out", stream)
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False
