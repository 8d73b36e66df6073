from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm


class Command(BaseCommand):
    help = (
        "Elasticsearch product index. --rebuild builds a new index, swaps the alias "
        "with no downtime and replays the changes made meanwhile."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Build a new index and swap.")
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, rebuild=False, batch_size=500, no_progress=False, **options):
        if not settings.ELASTICSEARCH_URL:
            raise CommandError("ELASTICSEARCH_URL is not set: the database backend needs no index.")
        if not rebuild:
            raise CommandError("Nothing to do: pass --rebuild.")
        from elasticsearch import ApiError, TransportError

        from search.indexing import indexable_products
        from search.indexing import rebuild as run_rebuild

        total = indexable_products().count()
        with tqdm(total=total, unit="doc", disable=no_progress, file=self.stderr._out) as bar:
            try:
                report = run_rebuild(batch_size=batch_size, progress=bar.update)
            except (ApiError, TransportError) as exc:
                raise CommandError(f"Elasticsearch failed: {exc}") from exc
        rate = report.documents / report.seconds if report.seconds else 0
        self.stdout.write(self.style.SUCCESS(
            f"{report.documents} documents in {report.index} ({rate:.0f}/s), "
            f"{report.replayed} changes replayed; alias {settings.ELASTICSEARCH_INDEX_PREFIX}"
            "-products now points to it."))
