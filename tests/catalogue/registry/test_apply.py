"""The one sync service, ``apply_records``: upserts, history, ordering, cost."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from catalogue.models import Certificate, CertificateChange, Product, RejectedRecord, SyncRun
from catalogue.registry.apply import Incoming, apply_records
from catalogue.selectors import shown_certificate
from tests.factories import CertificateFactory, ProductFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")
BASE = dt.datetime(2026, 11, 1, 8, 0, tzinfo=VN)
# A batch costs the same number of queries whatever its size (20 or 200).
BATCH_QUERY_BOUND = 24

pytestmark = pytest.mark.django_db


def stamp(minutes: int) -> str:
    return (BASE + dt.timedelta(minutes=minutes)).isoformat()


def record(n: int, **overrides) -> dict:
    """A valid registry record (contract §1), changed by ``overrides``."""
    data = {
        "certificate_no": f"QN-2024-{n:04d}",
        "product_code": f"QN-SP-{n:04d}",
        "product_name": f"Chả mực Hạ Long {n}",
        "group": "food",
        "stars": 4,
        "level": "provincial",
        "status": "active",
        "issued_on": "2024-10-15",
        "expires_on": "2027-10-15",
        "revoked_on": None,
        "revocation_reason": None,
        "decision_no": "1234/QĐ-UBND",
        "issuer": "UBND tỉnh Quảng Ninh",
        "province_code": "22",
        "producer": {
            "registry_id": f"P-22-{n:04d}",
            "name": f"Công ty TNHH Chả mực Hạ Long {n}",
            "tax_code": f"57{n:08d}",
            "kind": "company",
        },
        "updated_at": stamp(0),
    }
    data.update(overrides)
    return data


def new_run(source="feed", detail="") -> SyncRun:
    return SyncRun.objects.create(source=source, source_detail=detail)


def apply(items, source="feed", detail=""):
    return apply_records(items, run=new_run(source, detail), source_detail=detail)


def stored(number: str) -> Certificate:
    return Certificate.objects.select_related("product__producer").get(certificate_no=number)


# --- history --------------------------------------------------------------------------


def test_creation_is_history_with_nothing_before():
    result = apply([record(1)], source="webhook", detail="evt-1")

    assert (result.applied, result.unchanged, result.rejected) == (1, 0, [])
    change = CertificateChange.objects.get()
    assert change.certificate.certificate_no == "QN-2024-0001"
    assert (change.source, change.source_detail) == ("webhook", "evt-1")
    assert change.changes["stars"] == [None, 4]
    assert change.changes["status"] == [None, "active"]
    assert change.changes["expires_on"] == [None, "2027-10-15"]
    assert change.registry_updated_at == BASE
    assert result.touched_product_ids == {stored("QN-2024-0001").product_id}


def test_a_change_records_before_and_after_of_what_changed():
    apply([record(1)])
    run = new_run("feed", "page 3")
    revoked = record(
        1, stars=5, level="national", status="revoked", revoked_on="2026-11-20",
        revocation_reason="Vi phạm Luật An toàn thực phẩm", updated_at=stamp(10),
    )  # fmt: skip

    result = apply_records([revoked], run=run)

    assert result.applied == 1
    change = CertificateChange.objects.filter(run=run).get()
    assert change.changes == {
        "stars": [4, 5],
        "level": ["provincial", "national"],
        "status": ["active", "revoked"],
        "revoked_on": [None, "2026-11-20"],
    }
    assert (change.source, change.source_detail) == ("feed", "page 3")
    certificate = stored("QN-2024-0001")
    assert certificate.revocation_reason == "Vi phạm Luật An toàn thực phẩm"
    assert certificate.registry_updated_at == BASE + dt.timedelta(minutes=10)


def test_a_change_outside_the_history_fields_applies_without_history():
    apply([record(1)])
    result = apply([record(1, decision_no="99/QĐ-UBND", updated_at=stamp(5))])
    assert result.applied == 1
    assert stored("QN-2024-0001").decision_no == "99/QĐ-UBND"
    assert CertificateChange.objects.count() == 1
    assert result.touched_product_ids == set()  # sellability cannot have changed


# --- ordering ----------------------------------------------------------------------------


def test_an_older_record_arriving_late_changes_nothing():
    apply([record(1, status="suspended", updated_at=stamp(30))])

    result = apply([record(1, status="active", updated_at=stamp(20))])

    assert (result.applied, result.unchanged) == (0, 1)
    certificate = stored("QN-2024-0001")
    assert certificate.status == "suspended"
    assert certificate.registry_updated_at == BASE + dt.timedelta(minutes=30)
    assert CertificateChange.objects.count() == 1


def test_the_same_record_twice_in_one_batch_applies_once():
    result = apply([record(1), record(1)])
    assert (result.applied, result.unchanged) == (1, 1)
    assert Certificate.objects.count() == 1
    assert CertificateChange.objects.count() == 1


def test_two_versions_in_one_batch_the_newest_wins_whatever_the_order():
    newer = record(1, stars=5, level="national", updated_at=stamp(9))
    older = record(1, stars=3, updated_at=stamp(1))
    result = apply([newer, older])
    assert (result.applied, result.unchanged) == (1, 1)
    assert stored("QN-2024-0001").stars == 5


def test_an_unchanged_record_bumps_the_stored_time_for_the_feed_not_for_files():
    apply([record(1)])
    result = apply([record(1, updated_at=stamp(60))], source="file", detail="qd.xlsx")
    assert (result.applied, result.unchanged) == (0, 1)
    assert stored("QN-2024-0001").registry_updated_at == BASE

    result = apply([record(1, updated_at=stamp(60))], source="feed")
    assert (result.applied, result.unchanged) == (0, 1)
    assert stored("QN-2024-0001").registry_updated_at == BASE + dt.timedelta(hours=1)
    # So an event older than the last one seen stays ignored.
    assert apply([record(1, stars=3, updated_at=stamp(30))]).applied == 0
    assert CertificateChange.objects.count() == 1


# --- products ------------------------------------------------------------------------------


def test_recertification_keeps_the_product_and_shows_the_newest_stars():
    first = record(1, stars=3, issued_on="2022-01-10", expires_on="2025-01-10")
    second = record(2, product_code="QN-SP-0001", product_name="Chả mực Hạ Long 1",
                    producer=first["producer"], stars=4, issued_on="2025-01-05",
                    expires_on="2028-01-05", updated_at=stamp(5))  # fmt: skip
    apply([first])
    apply([second])

    product = Product.objects.get(code="QN-SP-0001")
    assert Product.objects.filter(code__startswith="QN-SP").count() == 1
    assert set(product.certificates.values_list("certificate_no", flat=True)) == {
        "QN-2024-0001",
        "QN-2024-0002",
    }
    with time_machine.travel(dt.datetime(2025, 1, 4, 23, 59, tzinfo=VN), tick=False):
        assert shown_certificate(product).stars == 3
    with time_machine.travel(dt.datetime(2025, 1, 5, 0, 0, tzinfo=VN), tick=False):
        assert shown_certificate(product).stars == 4
    with time_machine.travel(dt.datetime(2027, 6, 1, tzinfo=VN), tick=False):
        assert shown_certificate(product).certificate_no == "QN-2024-0002"


def test_new_products_are_created_unlisted_and_listed_ones_stay_listed():
    apply([record(1)])
    product = Product.objects.get(code="QN-SP-0001")
    assert product.is_public is False
    assert product.slug == "cha-muc-ha-long-1"
    assert product.categories.get().code == "food"
    assert product.producer.registry_id == "P-22-0001"

    Product.objects.filter(pk=product.pk).update(is_public=True)
    apply([record(1, product_name="Chả mực Hạ Long loại 1", updated_at=stamp(5))])
    product.refresh_from_db()
    assert (product.title, product.is_public) == ("Chả mực Hạ Long loại 1", True)
    assert "cha muc ha long loai 1" in product.search_text


def test_a_group_change_alone_refiles_the_product():
    apply([record(1)])
    result = apply([record(1, group="herbal", updated_at=stamp(5))])
    assert result.applied == 1
    product = Product.objects.get(code="QN-SP-0001")
    assert list(product.categories.values_list("code", flat=True)) == ["herbal"]


def test_a_certificate_moved_to_another_product_touches_both():
    apply([record(1), record(2)])
    old_product = Product.objects.get(code="QN-SP-0001")
    new_product = Product.objects.get(code="QN-SP-0002")
    moved = record(1, product_code="QN-SP-0002", product_name="Chả mực Hạ Long 2",
                   producer=record(2)["producer"], updated_at=stamp(5))  # fmt: skip
    result = apply([moved])
    assert result.applied == 1
    assert stored("QN-2024-0001").product_id == new_product.pk
    assert result.touched_product_ids == {old_product.pk, new_product.pk}


@pytest.mark.parametrize(
    "issued_code, today_code, issuer",
    [("22", "22", "UBND tỉnh Quảng Ninh"), ("06", "19", "UBND tỉnh Bắc Kạn"),
     ("17", "25", "UBND tỉnh Hòa Bình"), ("6", "19", "UBND tỉnh Bắc Kạn")],
)  # fmt: skip
def test_former_provinces_file_the_product_under_todays(issued_code, today_code, issuer):
    apply([record(1, province_code=issued_code, issuer=issuer)])
    certificate = stored("QN-2024-0001")
    assert (certificate.issuing_province_code, certificate.issuer) == (issued_code, issuer)
    assert certificate.product.province_code == today_code
    assert certificate.product.producer.province_code == today_code


@pytest.mark.parametrize("code", ["99", "123", "²", "٠٦", 22, None])
def test_unknown_province_codes_are_rejected(code):
    result = apply([record(1, province_code=code)])
    assert result.applied == 0
    assert result.rejected[0].reason.startswith("province_code")
    assert not Certificate.objects.exists()


# --- rejections ----------------------------------------------------------------------------


def test_bad_records_are_rejected_with_reasons_and_the_rest_applies():
    items = [
        Incoming(record(1), row_number=2),
        Incoming(record(2, stars=6), row_number=3),
        Incoming(record(3, level="district"), row_number=4),
        Incoming({"certificate_no": "X"}, row_number=5),
        Incoming(["not", "an", "object"], row_number=6),
    ]
    run = new_run("file", "mixed.csv")
    result = apply_records(items, run=run)
    assert result.applied == 1
    assert [(r.row_number, r.certificate_no) for r in result.rejected] == [
        (3, "QN-2024-0002"), (4, "QN-2024-0003"), (5, "X"), (6, ""),
    ]  # fmt: skip
    reasons = [r.reason for r in RejectedRecord.objects.filter(run=run).order_by("row_number")]
    assert reasons[0] == "stars: must be 3, 4 or 5 (got 6)"
    assert reasons[1].startswith("level: must be one of provincial, national")
    assert reasons[3] == "record: must be a JSON object"
    assert list(Certificate.objects.values_list("certificate_no", flat=True)) == ["QN-2024-0001"]


@pytest.mark.parametrize(
    "overrides, reason",
    [
        ({"product_name": "Chả mực\x00"}, "product_name: contains a NUL character"),
        ({"issuer": "UBND \ud800"}, "issuer: contains invalid Unicode"),
        (
            {"updated_at": "9999-12-31T23:00:00-05:00"},
            "updated_at: '9999-12-31T23:00:00-05:00' is out of range",
        ),
        ({"updated_at": "0001-01-01T01:00:00+05:00"}, "is out of range"),
        ({"stars": float("nan")}, "stars: must be 3, 4 or 5"),
        ({"stars": "4"}, "stars: must be 3, 4 or 5"),
        ({"stars": True}, "stars: must be 3, 4 or 5"),
    ],
)
def test_records_no_database_could_store_are_rejected_and_the_rejection_stored(overrides, reason):
    run = new_run()
    result = apply_records([record(1, **overrides), record(2)], run=run)
    assert result.applied == 1
    rejection = RejectedRecord.objects.get(run=run)
    assert reason in rejection.reason
    assert rejection.certificate_no == "QN-2024-0001"
    assert rejection.payload  # kept (as JSON, or as its repr when JSON cannot hold it)


def test_json_stars_of_four_point_zero_are_four():
    apply([record(1, stars=4.0)])
    assert stored("QN-2024-0001").stars == 4


# --- cost ------------------------------------------------------------------------------------


def batch(size: int, start: int, **overrides) -> list[dict]:
    return [record(n, **overrides) for n in range(start, start + size)]


@pytest.mark.parametrize("size", [20, 200])
def test_a_batch_costs_a_bounded_number_of_queries(size, groups, django_assert_max_num_queries):
    CertificateFactory()  # something stored already, like in production
    with django_assert_max_num_queries(BATCH_QUERY_BOUND):
        created = apply(batch(size, 1))
    with django_assert_max_num_queries(BATCH_QUERY_BOUND):
        changed = apply(batch(size, 1, stars=3, group="herbal", updated_at=stamp(9)))
    with django_assert_max_num_queries(BATCH_QUERY_BOUND):
        unchanged = apply(batch(size, 1, stars=3, group="herbal", updated_at=stamp(9)))
    assert (created.applied, changed.applied, unchanged.unchanged) == (size, size, size)
    assert CertificateChange.objects.count() == 2 * size
    assert Product.objects.filter(categories__code="herbal").count() == size


def test_stored_products_of_other_sources_are_updated_in_place(groups):
    product = ProductFactory(code="QN-SP-0001", title="Chả mực", is_public=True)
    apply([record(1)])
    product.refresh_from_db()
    assert product.title == "Chả mực Hạ Long 1"
    assert product.is_public is True
    assert stored("QN-2024-0001").product_id == product.pk


def test_new_products_get_readable_slugs_and_a_class_by_group():
    apply([record(1, product_name="Đặc sản đồng quê Đầm Hà"), record(2, group="tourism_service")])
    food = Product.objects.get(code="QN-SP-0001")
    tour = Product.objects.get(code="QN-SP-0002")
    assert food.slug == "dac-san-dong-que-dam-ha"  # "đ" folds to "d", not "u0111"
    assert food.product_class.requires_shipping is True
    assert tour.product_class.requires_shipping is False  # experiences are not shipped
