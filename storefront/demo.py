"""The demo, composed from each app's own demo module.

``catalogue.demo`` applies certificates (and so producers and products)
through the registry sync service, ``shops.demo`` creates showrooms with
staff and lists the products with prices and stock, ``cms.demo`` publishes
the home page and news. Each calls its own app's services.

Demo data never overwrites: every step only creates what is missing, no
existing account gets a password, and the seed refuses (unless forced) to
mix invented data into a database that holds data it did not create.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.test.utils import override_settings
from oscar.core.loading import get_model

from catalogue.demo.products import DEFAULT_COUNT, DemoProduct, demo_products
from catalogue.demo.seed import apply_certificates, demo_picture
from catalogue.models import Certificate, CertificateChange, SyncRun
from catalogue.sync_models import Source
from catalogue.validity import local_today
from cms import demo as cms_demo
from shops import demo as shops_demo
from shops.services import ListingResult

ADMIN_USERNAME = "admin"
ADMIN_EMAIL = "admin@ocop.example.vn"
DEFAULT_ADMIN_PASSWORD = "ocop-admin"
DEFAULT_STAFF_PASSWORD = "ocop-staff"
# Demo addresses are not real mailboxes: notices stay in Oscar's notifications.
QUIET_MAIL = "django.core.mail.backends.locmem.EmailBackend"


class DemoRefused(Exception):
    """The database holds data the demo did not create; the message says which."""


@dataclass
class SeedReport:
    run: SyncRun
    products: list[DemoProduct]
    listing: ListingResult = field(default_factory=ListingResult)
    showrooms: int = 0
    pages_changed: int = 0
    admin_changed: bool = False


def demo_account_emails() -> set[str]:
    return {ADMIN_EMAIL, cms_demo.EDITOR_EMAIL, cms_demo.MODERATOR_EMAIL} | {
        room.staff_email for room in shops_demo.SHOWROOMS
    }


def foreign_data() -> list[str]:
    """What the database holds that no demo run created, in words; empty if nothing."""
    Order = get_model("order", "Order")
    found = []
    orders = Order.objects.count()
    if orders:
        found.append(f"{orders} order(s)")
    if synced := foreign_certificates().count():
        found.append(f"{synced} certificate(s) from the registry (feed, webhook or spreadsheet)")
    User = get_user_model()
    others = User.objects.exclude(username=ADMIN_USERNAME).exclude(
        email__in=demo_account_emails()
    )
    if others.exists():
        count = others.count()
        names = ", ".join(others.order_by("pk").values_list("username", flat=True)[:3])
        more = "…" if count > 3 else ""
        found.append(f"{count} user account(s) other than the demo ones ({names}{more})")
    return found


def foreign_certificates():
    """Certificates the demo did not create: any history from another source
    (the registry feed, its webhook, a spreadsheet), or no history at all."""
    history = CertificateChange.objects.filter(certificate=OuterRef("pk"))
    return Certificate.objects.filter(
        Exists(history.exclude(source=Source.SEED)) | ~Exists(history.filter(source=Source.SEED))
    )


def seed_demo(
    *,
    count: int = DEFAULT_COUNT,
    admin_password: str = DEFAULT_ADMIN_PASSWORD,
    staff_password: str = DEFAULT_STAFF_PASSWORD,
    today: dt.date | None = None,
    images: bool = True,
    with_pages: bool = True,
    force: bool = False,
    progress=None,
) -> SeedReport:
    """Seed what is missing of ``count`` demo products (and showrooms, pages, an
    admin) for ``today``.

    Raises ``DemoRefused`` when the database holds data the demo did not
    create, unless ``force``. ``progress`` is a tqdm-like bar: its ``total``
    is set, then ``update(n)`` runs.
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    found = foreign_data()
    if found and not force:
        raise DemoRefused(
            "this database holds data the demo did not create: " + "; ".join(found) + ". "
            "The demo changes nothing that exists, but it would mix invented products, "
            "certificates, showrooms and accounts into real data. Run it on an empty "
            "database, or pass --force to add the missing demo data anyway."
        )
    today = today or local_today()
    products = demo_products(count, today=today)
    step = lambda n: None  # noqa: E731
    if progress is not None:
        progress.total = sum(len(p.records) for p in products) + count
        progress.total += len(shops_demo.SHOWROOMS)
        progress.total += cms_demo.step_count() if with_pages else 0
        progress.refresh()
        step = progress.update
    with override_settings(EMAIL_BACKEND=QUIET_MAIL):
        run = apply_certificates(products, step=step)
        report = SeedReport(run=run, products=products)
        showrooms = shops_demo.create_showrooms(staff_password=staff_password, step=step)
        report.showrooms = len(showrooms)
        picture = demo_picture if images else None
        report.listing = shops_demo.list_products(products, showrooms, picture=picture,
                                                  step=step)
        report.admin_changed = ensure_admin(password=admin_password)
        if with_pages:
            report.pages_changed = cms_demo.publish_pages(step=step)
            cms_demo.ensure_accounts(password=staff_password)
    return report


def ensure_admin(*, password: str) -> bool:
    """A superuser for Django admin, Oscar's dashboard and Wagtail, unless an
    account of that name or e-mail exists (which is left as it is); True if created."""
    User = get_user_model()
    taken = User.objects.filter(username=ADMIN_USERNAME).exists() or User.objects.filter(
        email__iexact=ADMIN_EMAIL
    ).exists()
    if taken:
        return False
    User.objects.create_superuser(username=ADMIN_USERNAME, email=ADMIN_EMAIL, password=password)
    return True
