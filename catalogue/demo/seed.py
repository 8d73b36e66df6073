"""Seed the demo through the same services as production.

Certificates go through the registry sync service (``apply_records``) as a
``SyncRun(source=seed)``; products are listed with ``catalogue.listing``,
showrooms made with ``shops.services``, pages published with
``cms.services``. Nothing is written around them, so the demo obeys every
rule the real catalogue does, and a second run on the same day changes
nothing.
"""

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.test.utils import override_settings

from cms import services as cms_services
from shops.services import StaffMember, showroom_create_or_update

from ..listing import Listing, ListingResult, products_list_for_sale
from ..models import Certificate, Product, ProductImage, SyncRun
from ..registry.apply import apply_records
from ..registry.effects import schedule_side_effects
from ..registry.runs import sync_run_count, sync_run_finish
from ..sync_models import Source
from ..validity import ACTIVE, certificate_state, local_today
from . import pages
from .images import product_image
from .products import DEFAULT_COUNT, SEED, DemoProduct, demo_products
from .showrooms import SHOWROOMS

BATCH_SIZE = 500
ADMIN_USERNAME = "admin"
ADMIN_EMAIL = "admin@ocop.example.vn"
DEFAULT_ADMIN_PASSWORD = "ocop-admin"
DEFAULT_STAFF_PASSWORD = "ocop-staff"
# Demo addresses are not real mailboxes: notices stay in Oscar's notifications.
QUIET_MAIL = "django.core.mail.backends.locmem.EmailBackend"

Progress = Callable[[int], object]


class DemoDataError(ValueError):
    """Generated demo records that the registry rules refuse."""


def batched(items, size: int):
    """itertools.batched (Python 3.12) for Python 3.11."""
    iterator = iter(items)
    while chunk := tuple(itertools.islice(iterator, size)):
        yield chunk


@dataclass
class SeedReport:
    run: SyncRun
    products: list[DemoProduct]
    listing: ListingResult = field(default_factory=ListingResult)
    showrooms: int = 0
    pages_changed: int = 0
    admin_changed: bool = False


def seed_demo(
    *,
    count: int = DEFAULT_COUNT,
    admin_password: str = DEFAULT_ADMIN_PASSWORD,
    staff_password: str = DEFAULT_STAFF_PASSWORD,
    today: dt.date | None = None,
    images: bool = True,
    with_pages: bool = True,
    progress=None,
) -> SeedReport:
    """Seed ``count`` demo products (and showrooms, pages, an admin) for ``today``.

    ``progress`` is a tqdm-like bar: its ``total`` is set, then ``update(n)`` runs.
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    today = today or local_today()
    products = demo_products(count, today=today)
    step: Progress = lambda n: None  # noqa: E731
    if progress is not None:
        progress.total = sum(len(p.records) for p in products) + count + len(SHOWROOMS)
        progress.total += (2 + len(pages.NEWS)) if with_pages else 0
        progress.refresh()
        step = progress.update
    with override_settings(EMAIL_BACKEND=QUIET_MAIL):
        run = apply_certificates(products, step=step)
        report = SeedReport(run=run, products=products)
        showrooms = create_showrooms(staff_password=staff_password, step=step)
        report.showrooms = len(showrooms)
        picture = demo_picture if images else None
        report.listing = list_products(products, showrooms, picture=picture, step=step)
        report.admin_changed = ensure_admin(password=admin_password)
        if with_pages:
            report.pages_changed = publish_pages(step=step)
    return report


def apply_certificates(products: list[DemoProduct], *, step: Progress,
                       batch_size: int = BATCH_SIZE) -> SyncRun:
    """Registry records through the sync service, in batches, as one seed run."""
    run = SyncRun.objects.create(source=Source.SEED, source_detail=f"{SEED}: {len(products)}")
    records = [record for product in products for record in product.records]
    try:
        for batch in batched(records, batch_size):
            result = apply_records(batch, run=run)
            sync_run_count(run, result=result, pages=1)
            run.save(update_fields=["applied", "unchanged", "rejected", "pages"])
            schedule_side_effects(result.touched_product_ids)
            if result.rejected:
                # Demo records are generated to the contract: a rejection is a bug.
                raise DemoDataError("; ".join(
                    f"{r.certificate_no}: {r.reason}" for r in result.rejected[:5]
                ))
            step(len(batch))
    except Exception as error:
        sync_run_finish(run, status=SyncRun.Status.FAILED, error=str(error) or repr(error))
        raise
    sync_run_finish(run, status=SyncRun.Status.COMPLETED)
    return run




def create_showrooms(*, staff_password: str, step: Progress) -> dict:
    showrooms = {}
    for room in SHOWROOMS:
        showrooms[room.slug] = showroom_create_or_update(
            slug=room.slug,
            name=room.name,
            province_code=room.province_code,
            address=room.address,
            opening_hours=room.opening_hours,
            phone=room.phone,
            latitude=room.latitude,
            longitude=room.longitude,
            staff=[
                StaffMember(
                    email=room.staff_email,
                    first_name="Nhân viên",
                    last_name=room.name.split("OCOP", 1)[-1].strip(" –") or room.name,
                    password=staff_password,
                )
            ],
        )
        step(1)
    return showrooms


def demo_picture(demo: DemoProduct) -> bytes:
    return product_image(name=demo.name, group=demo.group, seed=SEED)


def list_products(
    products: list[DemoProduct],
    showrooms: dict,
    *,
    picture: Callable[[DemoProduct], bytes] | None,
    step: Progress,
    batch_size: int = BATCH_SIZE,
) -> ListingResult:
    """Price, stock, description and picture for every demo product, in batches."""
    total = ListingResult()
    for batch in batched(products, batch_size):
        stored = Product.objects.in_bulk([p.code for p in batch], field_name="code")
        pictured = set(
            ProductImage.objects.filter(product__in=stored.values()).values_list(
                "product_id", flat=True
            )
        )
        listings = []
        for demo in batch:
            product = stored[demo.code]
            image = None
            if picture and product.pk not in pictured:  # never replace a real picture
                image = picture(demo)
            listings.append(
                Listing(
                    product=product,
                    price=demo.price,
                    stock={showrooms[slug]: quantity for slug, quantity in demo.stock},
                    description=demo.description,
                    image=image,
                )
            )
        result = products_list_for_sale(listings=listings)
        total.products_changed += result.products_changed
        total.stockrecords_created += result.stockrecords_created
        total.stockrecords_updated += result.stockrecords_updated
        total.images_created += result.images_created
        total.product_ids |= result.product_ids
        step(len(batch))
    return total


def ensure_admin(*, password: str) -> bool:
    """A superuser for Django admin, Oscar's dashboard and Wagtail; True if changed."""
    User = get_user_model()
    user = User.objects.filter(username=ADMIN_USERNAME).first() or User(username=ADMIN_USERNAME)
    wanted = {"email": ADMIN_EMAIL, "is_staff": True, "is_superuser": True, "is_active": True}
    changed = user.pk is None or any(getattr(user, k) != v for k, v in wanted.items())
    for key, value in wanted.items():
        setattr(user, key, value)
    if user.pk is None or not user.check_password(password):
        user.set_password(password)
        changed = True
    if changed:
        user.save()
    return changed


def publish_pages(*, step: Progress) -> int:
    """The home page's blocks and the news; returns how many pages changed."""
    changed = int(cms_services.home_page_update(intro=pages.HOME_INTRO, body=pages.home_body()))
    step(1)
    index, index_changed = cms_services.news_index_create_or_update(
        parent=cms_services.home_page(), **pages.NEWS_INDEX
    )
    changed += index_changed
    step(1)
    for article in pages.NEWS:
        _page, article_changed = cms_services.news_page_create_or_update(index=index, **article)
        changed += article_changed
        step(1)
    return changed


def certificate_states(today: dt.date | None = None) -> Counter:
    """Certificates by state today, plus those expiring within 30 days."""
    today = today or local_today()
    states = Counter()
    for certificate in Certificate.objects.only("status", "issued_on", "expires_on"):
        state = certificate_state(certificate, today)
        states[state] += 1
        if state == ACTIVE and certificate.expires_on <= today + dt.timedelta(days=30):
            states["expiring_30_days"] += 1
    return states
