"""The demo seed (``seed_demo``, ``bootstrap_demo``) and the listing service it uses.

Seeding runs on a frozen day in Vietnam, so every certificate state is
known; a small ``--products`` keeps it fast, while the default size is
checked on the generator's records without applying them.
"""

import datetime as dt
import io
from collections import Counter
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils.html import escape
from PIL import Image
from wagtail.models import Page, Revision

from catalogue.demo.certificates import (
    NOT_YET_VALID,
    RECERTIFIED,
    SHOWN_PLANS,
)
from catalogue.demo.places import MERGER_DAY
from catalogue.demo.products import DEFAULT_COUNT, PRICE_RANGES, demo_products, demo_records
from catalogue.demo.seed import ADMIN_EMAIL
from catalogue.demo.showrooms import SHOWROOMS
from catalogue.groups import GROUP_CODES
from catalogue.listing import Listing, ListingError, product_list_for_sale, products_list_for_sale
from catalogue.models import (
    Certificate,
    CertificateChange,
    Producer,
    Product,
    ProductImage,
    SyncRun,
)
from catalogue.provinces import resolve_province
from catalogue.registry.records import parse_record
from catalogue.sync_models import Source
from catalogue.validity import (
    ACTIVE,
    EXPIRED,
    REVOKED,
    SUSPENDED,
    certificate_state,
)
from cms.models import HomePage, NewsIndexPage, NewsPage
from shops.models import Partner, StockRecord
from tests.factories import CertificateFactory, PartnerFactory, ProductFactory

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


def seed(count: int = SMALL) -> str:
    out = io.StringIO()
    call_command("seed_demo", products=count, stdout=out)
    return out.getvalue()


def record_state(record: dict, on: dt.date) -> str:
    parsed = parse_record(record)
    return certificate_state(
        SimpleNamespace(status=parsed.status, issued_on=parsed.issued_on,
                        expires_on=parsed.expires_on),
        on,
    )


# --- the generator, at the default size (no database) -------------------------------


def test_default_catalogue_is_big_varied_and_follows_the_registry_contract():
    products = demo_products(DEFAULT_COUNT, today=TODAY)
    records = demo_records(products)

    assert len({p.code for p in products}) == len(products) >= 300
    assert len({p.name for p in products}) == len(products)  # no duplicate titles
    assert {p.group for p in products} == set(GROUP_CODES)
    parsed = [parse_record(r) for r in records]  # raises on any contract breach
    assert len({r.today_province_code for r in parsed}) >= 10
    assert len({r.certificate_no for r in parsed}) == len(records)
    assert all(r.level == "national" for r in parsed if r.stars == 5)
    assert {r.producer.kind for r in parsed} == {
        "company", "cooperative", "cooperative_group", "household"
    }
    assert all(len(r.producer.tax_code) == 10 and r.producer.tax_code.isdigit() for r in parsed)
    # The same producer id always carries the same producer.
    by_id = {}
    for r in parsed:
        assert by_id.setdefault(r.producer.registry_id, r.producer) == r.producer


def test_default_catalogue_has_every_certificate_state_today():
    products = demo_products(DEFAULT_COUNT, today=TODAY)
    states = Counter(record_state(r, TODAY) for r in demo_records(products))
    assert {ACTIVE, EXPIRED, REVOKED, SUSPENDED, NOT_YET_VALID} <= set(states)
    revoked = [r for r in demo_records(products) if r["status"] == "revoked"]
    assert revoked and all(r["revoked_on"] and r["revocation_reason"] for r in revoked)
    assert any("An toàn thực phẩm" in r["revocation_reason"] for r in revoked)
    expiring = [
        r for r in demo_records(products)
        if record_state(r, TODAY) == ACTIVE
        and dt.date.fromisoformat(r["expires_on"]) <= TODAY + dt.timedelta(days=30)
    ]
    assert expiring
    for product in products:
        shown = [r for r in product.records if record_state(r, TODAY) == ACTIVE]
        assert bool(shown) == (product.plan in SHOWN_PLANS), product
        if product.plan == RECERTIFIED:
            old, new = product.records
            assert record_state(old, TODAY) == EXPIRED and record_state(new, TODAY) == ACTIVE
            assert old["stars"] != new["stars"] and old["product_code"] == new["product_code"]


def test_former_provinces_carry_their_code_and_issuer_only_before_the_merger():
    records = demo_records(demo_products(DEFAULT_COUNT, today=TODAY))
    former = {"06": "UBND tỉnh Bắc Kạn", "17": "UBND tỉnh Hòa Bình"}
    for code, issuer in former.items():
        issued = [r for r in records if r["province_code"] == code]
        assert issued, code
        assert all(r["issuer"] == issuer for r in issued)
        assert all(dt.date.fromisoformat(r["issued_on"]) < MERGER_DAY for r in issued)
    later = [r for r in records if r["issuer"] == "UBND tỉnh Thái Nguyên"
             and r["product_code"].startswith("BK-")]
    assert later and all(dt.date.fromisoformat(r["issued_on"]) >= MERGER_DAY for r in later)


def test_prices_and_stock_plans_are_realistic():
    products = demo_products(DEFAULT_COUNT, today=TODAY)
    showroom_slugs = {s.slug for s in SHOWROOMS}
    for product in products:
        low, high = PRICE_RANGES[product.group]
        assert low <= product.price <= high and product.price % 1000 == 0
        assert 1 <= len(product.stock) <= 3
        assert {slug for slug, _ in product.stock} <= showroom_slugs
        assert len({slug for slug, _ in product.stock}) == len(product.stock)
        assert product.description.startswith(product.name)
    quantities = [q for p in products for _, q in p.stock]
    assert 0 in quantities and max(quantities) > 20
    tourism = [p.price for p in products if p.group == "tourism_service"]
    food = [p.price for p in products if p.group == "food"]
    assert min(tourism) > max(food) / 2 and sum(tourism) / len(tourism) > sum(food) / len(food)


def test_generator_is_deterministic_and_a_bigger_run_extends_a_smaller_one():
    small = demo_products(SMALL, today=TODAY)
    assert small == demo_products(SMALL, today=TODAY)
    assert demo_products(DEFAULT_COUNT, today=TODAY)[:SMALL] == small


@pytest.mark.parametrize("days_later", [1, 40, 400])
def test_another_day_moves_certificate_dates_and_nothing_else(days_later):
    """A later run keeps products, keys, stars and listings: only dates (and
    what follows from them: the issuer around the merger) move with today."""
    dated = ("issued_on", "expires_on", "revoked_on", "updated_at", "issuer", "province_code")

    def fixed(products):
        return [
            (p.code, p.name, p.price, p.stock, p.description,
             [{k: v for k, v in r.items() if k not in dated} for r in p.records])
            for p in products
        ]

    today = demo_products(SMALL, today=TODAY)
    later = demo_products(SMALL, today=TODAY + dt.timedelta(days=days_later))
    assert fixed(later) == fixed(today)
    assert Counter(p.plan for p in later) == Counter(p.plan for p in today)


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
        assert stock == {(slug, q, planned.price, "VND") for slug, q in planned.stock}
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

    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "another-secret")
    seed(20)
    assert not Client().login(username="admin", password="ocop-admin")
    assert Client().login(username="admin", password="another-secret")


def test_home_page_blocks_and_news_are_published(today):
    seed()
    home = HomePage.objects.get()
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


# --- the listing service the seed goes through ----------------------------------------


@pytest.fixture
def unlisted(groups):
    certificate = CertificateFactory(product=ProductFactory(is_public=False, stock=False))
    return certificate.product


def test_listing_makes_a_product_public_priced_and_stocked(unlisted):
    ha_long, van_don = PartnerFactory(), PartnerFactory()
    assert not Product.objects.browsable().filter(pk=unlisted.pk).exists()
    product = product_list_for_sale(
        product=unlisted, price=Decimal("125000"), stock={ha_long: 12, van_don: 0},
        description="Chả mực giã tay.",
    )
    assert product.is_public and product.description == "Chả mực giã tay."
    assert Product.objects.browsable().filter(pk=product.pk).exists()
    assert sorted(StockRecord.objects.filter(product=product).values_list(
        "partner_id", "num_in_stock", "price", "price_currency")) == sorted(
        [(ha_long.pk, 12, Decimal("125000"), "VND"), (van_don.pk, 0, Decimal("125000"), "VND")]
    )
    # Listing again with a new price updates in place; unnamed showrooms keep their stock.
    product_list_for_sale(product=product, price=Decimal("130000"), stock={ha_long: 3})
    assert StockRecord.objects.filter(product=product).count() == 2
    assert StockRecord.objects.get(product=product, partner=ha_long).price == Decimal("130000")
    assert StockRecord.objects.get(product=product, partner=van_don).num_in_stock == 0


def test_listing_adds_a_picture_once_and_a_new_one_becomes_primary(unlisted):
    from catalogue.demo.images import product_image

    showroom = PartnerFactory()
    first = product_image(name="Chả mực Hạ Long", group="food")
    for _ in range(2):
        product_list_for_sale(product=unlisted, price=Decimal("90000"), stock={showroom: 5},
                              image=first)
    assert ProductImage.objects.filter(product=unlisted).count() == 1
    second = product_image(name="Chả mực Hạ Long", group="food", seed="other")
    product_list_for_sale(product=unlisted, price=Decimal("90000"), stock={showroom: 5},
                          image=second)
    primary = unlisted.primary_image()
    assert primary.original.read() == second
    assert ProductImage.objects.filter(product=unlisted).count() == 2


@pytest.mark.parametrize(
    "price, quantity, message",
    [
        (Decimal("125000.50"), 1, "no minor unit"),
        (Decimal("0"), 1, "above 0"),
        (125000, 1, "Decimal"),
        (Decimal("125000"), None, "at least one showroom"),
        (Decimal("125000"), -1, "≥ 0"),
    ],
)
def test_listing_refuses_bad_input_and_writes_nothing(unlisted, price, quantity, message):
    showroom = PartnerFactory()
    good = ProductFactory(is_public=False, stock=False)
    stock = {} if quantity is None else {showroom: quantity}
    listings = [
        Listing(product=good, price=Decimal("50000"), stock={showroom: 1}),
        Listing(product=unlisted, price=price, stock=stock),
    ]
    with pytest.raises(ListingError, match=message) as error:
        products_list_for_sale(listings=listings)
    assert unlisted.code in str(error.value)
    assert not StockRecord.objects.filter(product__in=[good, unlisted]).exists()
    assert not Product.objects.filter(pk__in=[good.pk, unlisted.pk], is_public=True).exists()


def test_listing_a_batch_costs_a_bounded_number_of_queries(groups, django_assert_max_num_queries):
    from catalogue.demo.images import product_image

    showrooms = [PartnerFactory() for _ in range(3)]
    products = [ProductFactory(is_public=False, stock=False) for _ in range(40)]
    picture = product_image(name="Miến dong Bình Liêu", group="food")
    listings = [
        Listing(product=p, price=Decimal("45000"), stock={s: 4 for s in showrooms[: i % 3 + 1]},
                description="Miến dong.", image=picture)
        for i, p in enumerate(products)
    ]
    with django_assert_max_num_queries(12):
        result = products_list_for_sale(listings=listings)
    assert result.images_created == 40
    assert result.stockrecords_created == sum(len(lst.stock) for lst in listings)
