"""``manage.py seed_demo [--products N]``: a believable Vietnamese demo catalogue.

Certificates in every state, producers, showrooms with staff and stock,
prices, pictures, the home page and programme news, and an admin account,
all written through the production services by each app's own demo module
(``storefront/demo.py`` composes them). It only creates what is missing and
never changes what exists, so a second run changes nothing; it refuses a
database holding data it did not create (orders, registry certificates,
other users) unless ``--force``.
"""

import os
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from catalogue.demo.products import DEFAULT_COUNT
from catalogue.demo.seed import certificate_states
from catalogue.models import Product
from cms.models import NewsPage
from shops.models import Partner, StockRecord
from storefront.demo import (
    ADMIN_EMAIL,
    ADMIN_USERNAME,
    DEFAULT_ADMIN_PASSWORD,
    DEFAULT_STAFF_PASSWORD,
    DemoRefused,
    seed_demo,
)


class Command(BaseCommand):
    help = (
        "Seed demo OCOP products, certificates, showrooms and pages: only what is missing, "
        "never changing what exists."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--products", type=int, default=DEFAULT_COUNT,
            help=f"how many demo products (default {DEFAULT_COUNT})",
        )
        parser.add_argument("--no-images", action="store_true", help="skip product pictures")
        parser.add_argument(
            "--force", action="store_true",
            help="seed even though the database holds data the demo did not create "
            "(orders, registry certificates, other users); nothing existing is changed",
        )

    def handle(self, *args, products: int, no_images: bool = False, force: bool = False,
               **options):
        if products < 1:
            raise CommandError("--products must be at least 1")
        started = time.monotonic()
        try:
            with self.progress_bar() as bar:
                report = seed_demo(
                    count=products,
                    admin_password=os.environ.get("DEMO_ADMIN_PASSWORD")
                    or DEFAULT_ADMIN_PASSWORD,
                    staff_password=os.environ.get("DEMO_STAFF_PASSWORD")
                    or DEFAULT_STAFF_PASSWORD,
                    images=not no_images,
                    force=force,
                    progress=bar,
                )
        except DemoRefused as refusal:
            raise CommandError(f"seed_demo refused: {refusal}") from None
        self.print_summary(report, time.monotonic() - started)

    def progress_bar(self):
        """A tqdm bar on a terminal; nothing when the output is a file or a pipe."""
        from contextlib import nullcontext

        if not (hasattr(self.stdout, "isatty") and self.stdout.isatty()):
            return nullcontext(None)
        from tqdm import tqdm

        return tqdm(desc="seed_demo", unit=" steps", file=sys.stderr, leave=False)

    def print_summary(self, report, seconds: float) -> None:
        write, run = self.stdout.write, report.run
        states = certificate_states()
        codes = [p.code for p in report.products]
        listed = Product.objects.filter(code__in=codes)
        write(self.style.SUCCESS(f"Demo data ready in {seconds:.1f} s."))
        write(
            f"  Registry run #{run.pk} (seed): {run.applied} applied, {run.unchanged} unchanged, "
            f"{run.rejected} rejected."
        )
        write(
            f"  Products: {listed.count()} demo products, "
            f"{listed.filter(pk__in=Product.objects.browsable()).count()} on sale today "
            f"({report.listing.products_changed} listed or changed, "
            f"{report.listing.images_created} new pictures)."
        )
        write(
            "  Certificates: "
            + ", ".join(
                f"{states.get(key, 0)} {label}"
                for key, label in (
                    ("active", "valid"),
                    ("expiring_30_days", "of them expiring within 30 days"),
                    ("expired", "expired"),
                    ("revoked", "revoked"),
                    ("suspended", "suspended"),
                    ("not_yet_valid", "not yet valid"),
                )
            )
            + "."
        )
        write(
            f"  Showrooms: {Partner.objects.filter(is_showroom=True).count()}, "
            f"stock records: {StockRecord.objects.filter(product__code__in=codes).count()}."
        )
        write(
            f"  Pages: home page + {NewsPage.objects.live().count()} news articles "
            f"({report.pages_changed} published in this run)."
        )
        kept = "" if report.admin_changed else " (already there: left as it is)"
        write(f"  Admin: {ADMIN_USERNAME} / {ADMIN_EMAIL}{kept}")
