"""The demo seed (``seed_demo``, ``bootstrap_demo``), composed from each app's demo module.

Seeding runs on a frozen day in Vietnam, so every certificate state is
known; a small ``--products`` keeps it fast, while the default size is
checked on the generator's records without applying them.
"""

import datetime as dt
import io
from collections import Counter
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from PIL import Image
from wagtail.models import Page, Revision

from catalogue.demo.certificates import (
    NOT_YET_VALID,
    RECERTIFIED,
    SHOWN_PLANS,
)
from catalogue.demo.products import demo_products, demo_records
from catalogue.groups import GROUP_CODES
from catalogue.models import (
    Certificate,
    CertificateChange,
    Producer,
    Product,
    ProductImage,
    SyncRun,
)
from catalogue.provinces import resolve_province
from catalogue.sync_models import Source
from catalogue.validity import (
    ACTIVE,
    EXPIRED,
    REVOKED,
    SUSPENDED,
)
from cms.models import HomePage, NewsIndexPage, NewsPage
from shops.demo import demo_stock
from shops.models import Partner, StockRecord
from storefront.demo import ADMIN_EMAIL
from tests.catalogue.test_demo_products import record_state
from tests.factories import CertificateFactory, ProductFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = dt.date(2026, 11, 24)
SMALL = 60


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def today(db):
    with time_machine.travel(dt.datetime(2026, 11, 24, 10, 30, tzinfo=VN), tick=False):
        yield TODAY


def seed(count: int = SMALL, **options) -> str:
    out = io.StringIO()
    call_command("seed_demo", products=count, stdout=out, **options)
    return out.getvalue()


# --- seeding the database ------------------------------------------------------------


def snapshot():
    return {
        "products": Product.objects.count(),
        "producers": Producer.objects.count(),
        "certificates": sorted(
            Certificate.objects.values_list(
                "certificate_no", "stars", "status", "issued_on", "expires_on",
                "registry_updated_at",
            )
        ),
        "history": CertificateChange.objects.count(),
        "stock": sorted(
            StockRecord.objects.values_list("product__code", "partner__slug", "price",
                                            "num_in_stock")
        ),
        "images": ProductImage.objects.count(),
        "partners": Partner.objects.count(),
        "users": get_user_model().objects.count(),
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "public": Product.objects.filter(is_public=True).count(),
    }


def test_seed_creates_every_state_and_a_second_run_changes_nothing(today):
    seed()
    first = snapshot()
    records = demo_records(demo_products(SMALL, today=today))
    assert first["products"] == SMALL and len(first["certificates"]) == len(records)
    states = Counter(c.state() for c in Certificate.objects.all())
    assert {ACTIVE, EXPIRED, REVOKED, SUSPENDED, NOT_YET_VALID} <= set(states)
    assert Certificate.objects.valid_on(today).filter(
        expires_on__lte=today + dt.timedelta(days=30)
    ).exists()
    assert first["history"] == len(records)  # one creation entry per certificate

    out = seed()
    assert snapshot() == first
    second = SyncRun.objects.order_by("-pk").first()
    assert second.source == Source.SEED and second.status == SyncRun.Status.COMPLETED
    assert (second.applied, second.unchanged, second.rejected) == (0, len(records), 0)
    assert "0 applied" in out and "Showrooms: 12" in out


def test_only_validly_certified_demo_products_are_browsable_with_their_latest_stars(today):
    seed()
    demo = {p.code: p for p in demo_products(SMALL, today=today)}
    browsable = {p.code: p for p in Product.objects.browsable().with_certificate()}
    assert set(browsable) == {code for code, p in demo.items() if p.plan in SHOWN_PLANS}
    hidden_plans = {p.plan for code, p in demo.items() if code not in browsable}
    assert hidden_plans == {"expired", "revoked", "suspended", "not_yet_valid"}
    for code, product in browsable.items():
        valid = [r for r in demo[code].records if record_state(r, today) == ACTIVE]
        latest = max(valid, key=lambda r: r["issued_on"])
        assert product.ocop_stars == latest["stars"], code
    recertified = [code for code, p in demo.items() if p.plan == RECERTIFIED]
    assert recertified
    for code in recertified:
        old, new = demo[code].records
        assert browsable[code].ocop_stars == new["stars"] != old["stars"]
        assert Certificate.objects.filter(product__code=code).count() == 2


def test_former_province_codes_are_filed_under_todays_province(today):
    seed()
    for former, today_code, issuer in (("06", "19", "UBND tỉnh Bắc Kạn"),
                                       ("17", "25", "UBND tỉnh Hòa Bình")):
        certificates = Certificate.objects.filter(issuing_province_code=former)
        assert certificates.exists(), former
        for certificate in certificates.select_related("product__producer"):
            assert certificate.issuer == issuer
            assert certificate.product.province_code == today_code == resolve_province(former)
            assert certificate.product.producer.province_code == today_code


def test_listed_products_have_vnd_prices_stock_pictures_and_descriptions(today):
    seed()
    demo = {p.code: p for p in demo_products(SMALL, today=today)}
    products = Product.objects.filter(code__in=demo).prefetch_related(
        "stockrecords__partner", "images"
    ).select_related("product_class")
    zero_stock = 0
    for product in products:
        planned = demo[product.code]
        assert product.is_public and product.description == planned.description
        stock = {(r.partner.slug, r.num_in_stock, r.price, r.price_currency)
                 for r in product.stockrecords.all()}
        assert stock == {(slug, q, planned.price, "VND") for slug, q in demo_stock(planned)}
        zero_stock += sum(1 for _, q, _, _ in stock if q == 0)
        assert product.product_class.requires_shipping == (planned.group != "tourism_service")
        (image,) = product.images.all()
        assert image.original.size < 40_000
        with Image.open(image.original.path) as picture:
            assert picture.format == "JPEG" and picture.size == (600, 600)
    assert zero_stock > 0


def test_showrooms_have_staff_with_scoped_dashboard_access(today):
    seed()
    showrooms = Partner.objects.filter(is_showroom=True).prefetch_related("users")
    assert showrooms.count() >= 8
    assert len({s.province_code for s in showrooms}) >= 5
    for showroom in showrooms:
        assert showroom.address and showroom.opening_hours and showroom.phone
        assert showroom.latitude is not None and showroom.longitude is not None
        (staff,) = showroom.users.all()
        assert staff.email == f"staff.{showroom.slug}@ocop.example.vn"
        assert not staff.is_staff and staff.has_perm("partner.dashboard_access")


def test_admin_can_use_django_admin_oscar_dashboard_and_wagtail(today, monkeypatch):
    seed(20)
    client = Client()
    assert client.login(username="admin", password="ocop-admin")
    for url in ("/admin/", "/dashboard/", "/cms/"):
        assert client.get(url).status_code == 200, url
    admin = get_user_model().objects.get(username="admin")
    assert admin.email == ADMIN_EMAIL and admin.is_superuser and admin.is_staff
    assert Client().login(username=ADMIN_EMAIL, password="ocop-admin")  # Oscar's e-mail login

    # DEMO_ADMIN_PASSWORD sets the password of a new admin only: an existing
    # account's password is never set by the demo.
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "another-secret")
    out = seed(20)
    assert Client().login(username="admin", password="ocop-admin")
    assert not Client().login(username="admin", password="another-secret")
    assert "left as it is" in out


def test_a_new_admin_gets_the_password_from_the_environment(today, monkeypatch):
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "another-secret")
    seed(20)
    assert not Client().login(username="admin", password="ocop-admin")
    assert Client().login(username="admin", password="another-secret")


def test_home_page_blocks_and_news_are_published(today):
    seed()
    home = HomePage.objects.get(locale__language_code="vi")
    blocks = [(block.block_type, block.value) for block in home.body]
    assert blocks[0][0] == "hero"
    grids = [value for kind, value in blocks if kind == "products"]
    assert grids[0]["stars"] == "5"
    assert {g["group"] for g in grids[1:]} == set(GROUP_CODES)
    assert home.live and not home.has_unpublished_changes

    index = NewsIndexPage.objects.child_of(home).live().get()
    news = NewsPage.objects.child_of(index).live()
    assert news.count() >= 8
    assert all(n.body and n.summary and n.date <= today for n in news)

    response = Client().get("/")
    assert response.status_code == 200
    five_star = Product.objects.browsable().with_certificate().filter(ocop_stars=5)
    assert five_star.exists()
    assert any(escape(p.title) in response.content.decode() for p in five_star)
    assert Client().get(index.url).status_code == 200


def test_bootstrap_migrates_seeds_and_says_how_to_log_in(today):
    out = io.StringIO()
    call_command("bootstrap_demo", products=20, stdout=out)
    text = out.getvalue()
    assert Product.objects.count() == 20
    assert "admin@ocop.example.vn" in text and "ocop-admin" in text
    assert "python manage.py runserver" in text


# --- demo data never overwrites ------------------------------------------------------


def test_seed_changes_nothing_that_staff_changed(today):
    """Admin, showroom and its staff, home page, price, stock, description and a
    certificate changed after a first seed: a second seed leaves every one as it is."""
    seed(20)
    User = get_user_model()
    admin = User.objects.get(username="admin")
    admin.is_active = False
    admin.set_password("a-real-secret")
    admin.save()

    showroom = Partner.objects.get(slug="ocop-ha-long")
    showroom.phone, showroom.opening_hours = "0203 3999 999", "09:00–17:00"
    showroom.save()
    manager = User.objects.create_user("quanly", "quanly@ocop.quangninh.gov.vn", "x")
    showroom.users.set([manager])

    home = HomePage.objects.get(locale__language_code="vi")
    home.intro = "Lời giới thiệu của biên tập viên."
    home.save_revision().publish()

    record = StockRecord.objects.filter(num_in_stock__gt=0).select_related("product").first()
    record.price, record.num_in_stock = Decimal("999000"), 5
    record.save()
    product = record.product
    product.description = "Mô tả do nhân viên viết."
    product.is_public = False  # unlisted by staff
    product.save()

    certificate = Certificate.objects.order_by("pk").first()
    certificate.stars = 3 if certificate.stars != 3 else 4
    certificate.decision_no = "999/QĐ-UBND"
    certificate.save()
    unchanged = {
        "certificates": sorted(Certificate.objects.values_list(
            "certificate_no", "stars", "status", "decision_no", "issued_on", "expires_on")),
        "stock": sorted(StockRecord.objects.values_list("pk", "price", "num_in_stock")),
        "products": sorted(Product.objects.values_list("pk", "is_public", "description")),
        "revisions": Revision.objects.count(),
    }

    out = seed(20, force=True)  # a manager account now exists: forced

    admin.refresh_from_db()
    assert not admin.is_active and admin.check_password("a-real-secret")
    showroom.refresh_from_db()
    assert (showroom.phone, showroom.opening_hours) == ("0203 3999 999", "09:00–17:00")
    assert list(showroom.users.all()) == [manager]
    manager.refresh_from_db()
    assert manager.check_password("x")
    home = HomePage.objects.get(locale__language_code="vi")
    assert home.intro == "Lời giới thiệu của biên tập viên."
    assert unchanged == {
        "certificates": sorted(Certificate.objects.values_list(
            "certificate_no", "stars", "status", "decision_no", "issued_on", "expires_on")),
        "stock": sorted(StockRecord.objects.values_list("pk", "price", "num_in_stock")),
        "products": sorted(Product.objects.values_list("pk", "is_public", "description")),
        "revisions": Revision.objects.count(),
    }
    assert "0 applied" in out


def test_seed_adds_what_is_missing_without_touching_the_rest(today):
    seed(20)
    Partner.objects.get(slug="ocop-sa-pa").delete()
    NewsPage.objects.filter(slug="ban-hang-ocop-truc-tuyen").delete()
    before = sorted(StockRecord.objects.values_list("pk", "price", "num_in_stock"))

    seed(30)
    assert Partner.objects.filter(slug="ocop-sa-pa").exists()
    assert NewsPage.objects.filter(slug="ban-hang-ocop-truc-tuyen").live().exists()
    assert Product.objects.count() == 30
    after = dict((pk, (price, n)) for pk, price, n in
                 StockRecord.objects.values_list("pk", "price", "num_in_stock"))
    assert all(after[pk] == (price, n) for pk, price, n in before if pk in after)


def test_a_demo_certificate_is_created_only_when_its_number_is_free(today):
    demo = demo_products(20, today=today)
    taken = demo[0].records[0]
    product = ProductFactory(code="REAL-0001", is_public=False, stock=False)
    CertificateFactory(product=product, certificate_no=taken["certificate_no"], stars=3)

    seed(20, force=True)  # the certificate has no seed history: forced
    certificate = Certificate.objects.get(certificate_no=taken["certificate_no"])
    assert certificate.product == product and certificate.stars == 3
    run = SyncRun.objects.get(source=Source.SEED)
    assert run.unchanged == 1 and run.applied == len(demo_records(demo)) - 1


def create_order():
    from oscar.core.loading import get_model

    Order = get_model("order", "Order")
    return Order.objects.create(number="100001", currency="VND",
                                total_incl_tax=Decimal("125000"), total_excl_tax=Decimal("125000"))


@pytest.mark.parametrize("kind", ["order", "registry_certificate", "user"])
def test_seed_refuses_a_database_with_data_it_did_not_create(today, kind):
    if kind == "order":
        create_order()
    elif kind == "registry_certificate":
        certificate = CertificateFactory()
        run = SyncRun.objects.create(source=Source.FEED)
        CertificateChange.objects.create(
            certificate=certificate, run=run, source=Source.FEED, changes={},
            registry_updated_at=certificate.registry_updated_at or timezone.now(),
        )
    else:
        get_user_model().objects.create_user("khach", "khach@example.vn", "x")
    before = (Product.objects.count(), Partner.objects.count(), Page.objects.count())

    with pytest.raises(CommandError, match="did not create") as refusal:
        seed(20)
    reason = {"order": "order", "registry_certificate": "registry", "user": "user account"}
    assert reason[kind] in str(refusal.value) and "--force" in str(refusal.value)
    assert (Product.objects.count(), Partner.objects.count(), Page.objects.count()) == before
    assert not get_user_model().objects.filter(username="admin").exists()

    seed(20, force=True)
    assert Product.objects.filter(code__in=[p.code for p in demo_products(20, today=today)]
                                  ).count() == 20


def test_demo_accounts_and_seeded_certificates_are_no_reason_to_refuse(today):
    seed(20)
    assert "0 applied" in seed(20)  # admin, staff and seed certificates are the demo's own
    seed(25)
    assert Product.objects.count() == 25
