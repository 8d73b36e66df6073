"""``manage.py bootstrap_demo``: what a newcomer runs once.

Creates or migrates the database, seeds the demo data, and says how to log
in and start the server.
"""

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand

from catalogue.demo.products import DEFAULT_COUNT
from storefront.demo import (
    ADMIN_EMAIL,
    ADMIN_USERNAME,
    DEFAULT_ADMIN_PASSWORD,
    DEFAULT_STAFF_PASSWORD,
)


class Command(BaseCommand):
    help = "Migrate the database and seed the demo: the first command after installing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--products", type=int, default=DEFAULT_COUNT, help="how many demo products"
        )
        parser.add_argument(
            "--force", action="store_true",
            help="seed even though the database holds data the demo did not create",
        )

    def handle(self, *args, products: int, force: bool = False, **options):
        verbosity = options.get("verbosity", 1)
        self.stdout.write("Migrating the database…")
        call_command("migrate", interactive=False, verbosity=max(0, verbosity - 1),
                     stdout=self.stdout)
        self.stdout.write("Seeding demo data…")
        call_command("seed_demo", products=products, force=force, stdout=self.stdout)
        password_from_env = bool(os.environ.get("DEMO_ADMIN_PASSWORD"))
        password = "(DEMO_ADMIN_PASSWORD)" if password_from_env else DEFAULT_ADMIN_PASSWORD
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("The demo is ready."))
        self.stdout.write(f"  Log in as {ADMIN_USERNAME} ({ADMIN_EMAIL}), password: {password}")
        self.stdout.write("  Django admin /admin/ · Oscar dashboard /dashboard/ · Wagtail /cms/")
        staff_from_env = bool(os.environ.get("DEMO_STAFF_PASSWORD"))
        staff = "(DEMO_STAFF_PASSWORD)" if staff_from_env else DEFAULT_STAFF_PASSWORD
        self.stdout.write(f"  Showroom staff: staff.<showroom>@ocop.example.vn, password: {staff}")
        self.stdout.write("Start the server with:  python manage.py runserver")
