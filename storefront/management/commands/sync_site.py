"""Apply SITE_URL to Django's and Wagtail's Site records (``migrate`` does it too)."""

from django.core.management.base import BaseCommand, CommandError

from storefront.sites import configured_address, site_records_sync


class Command(BaseCommand):
    help = "Write SITE_URL into Django's Site (SITE_ID) and Wagtail's default Site."

    def handle(self, *args, **options):
        if configured_address() is None:
            raise CommandError("SITE_URL is not set: e.g. SITE_URL=https://ocop.example.vn")
        changed = site_records_sync()
        for line in changed:
            self.stdout.write(f"updated {line}")
        if not changed:
            self.stdout.write("Site records already match SITE_URL")
