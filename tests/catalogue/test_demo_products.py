"""The catalogue's demo generator (``catalogue/demo/``) at the default size, without
a database: every certificate state, the registry contract, realistic prices, and
the showrooms' stock plans (``shops/demo.py``) built on it."""

import datetime as dt
from collections import Counter
from types import SimpleNamespace

import pytest

from catalogue.demo.certificates import NOT_YET_VALID, RECERTIFIED, SHOWN_PLANS
from catalogue.demo.places import MERGER_DAY
from catalogue.demo.products import DEFAULT_COUNT, PRICE_RANGES, demo_products, demo_records
from catalogue.groups import GROUP_CODES
from catalogue.registry.records import parse_record
from catalogue.validity import ACTIVE, EXPIRED, REVOKED, SUSPENDED, certificate_state
from shops.demo import SHOWROOMS, demo_stock

TODAY = dt.date(2026, 11, 24)
SMALL = 60


def record_state(record: dict, on: dt.date) -> str:
    parsed = parse_record(record)
    return certificate_state(
        SimpleNamespace(status=parsed.status, issued_on=parsed.issued_on,
                        expires_on=parsed.expires_on),
        on,
    )


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
        stock = demo_stock(product)
        assert 1 <= len(stock) <= 3
        assert {slug for slug, _ in stock} <= showroom_slugs
        assert len({slug for slug, _ in stock}) == len(stock)
        assert product.description.startswith(product.name)
    quantities = [q for p in products for _, q in demo_stock(p)]
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
            (p.code, p.name, p.price, demo_stock(p), p.description,
             [{k: v for k, v in r.items() if k not in dated} for r in p.records])
            for p in products
        ]

    today = demo_products(SMALL, today=TODAY)
    later = demo_products(SMALL, today=TODAY + dt.timedelta(days=days_later))
    assert fixed(later) == fixed(today)
    assert Counter(p.plan for p in later) == Counter(p.plan for p in today)


