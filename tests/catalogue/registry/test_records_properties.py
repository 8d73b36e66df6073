"""Property-based tests of the validator and the apply service.

Random and broken records: ``parse_record`` never raises anything but
``RecordError``; ``apply_records`` never raises, rejects exactly the broken
records, and never leaves a partial record behind.
"""

import datetime as dt
import math

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue.groups import GROUP_CODES
from catalogue.models import Certificate, Producer, Product, RejectedRecord, SyncRun
from catalogue.provinces import FORMER_TO_TODAY, today_provinces
from catalogue.registry.apply import Incoming, apply_records
from catalogue.registry.records import (
    LEVELS,
    PRODUCER_KINDS,
    STATUSES,
    CertificateRecord,
    RecordError,
    parse_record,
)

pytestmark = pytest.mark.django_db

FAST = settings(max_examples=60, deadline=None)
DB = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# --- strategies -------------------------------------------------------------------------

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
# Text a person could type (no control characters), never blank once stripped.
words = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=40
).filter(lambda s: s.strip())
province_codes = st.sampled_from(sorted(set(today_provinces()) | set(FORMER_TO_TODAY)))
offsets = st.sampled_from(["+07:00", "Z", "+00:00", "-05:00"])


SMALL_NUMBERS = st.integers(1, 6)


@st.composite
def valid_records(draw, numbers=SMALL_NUMBERS):
    """Records that keep every rule of the contract (§1)."""
    stars = draw(st.sampled_from([3, 4, 5]))
    level = "national" if stars == 5 else draw(st.sampled_from(LEVELS))
    status = draw(st.sampled_from(STATUSES))
    issued = draw(st.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31)))
    expires = issued + dt.timedelta(days=draw(st.integers(1, 2000)))
    n = draw(numbers)  # small ranges so that records collide on purpose
    when = dt.datetime(2026, 1, 1) + dt.timedelta(minutes=draw(st.integers(0, 10_000)))
    return {
        "certificate_no": f"QN-{n:04d}",
        "product_code": f"SP-{draw(numbers)}",
        "product_name": draw(words),
        "group": draw(st.sampled_from(GROUP_CODES)),
        "stars": stars,
        "level": level,
        "status": status,
        "issued_on": issued.isoformat(),
        "expires_on": expires.isoformat(),
        "revoked_on": issued.isoformat() if status == "revoked" else draw(st.none()),
        "revocation_reason": draw(words) if status == "revoked" else None,
        "decision_no": draw(st.text(max_size=20).filter(lambda s: "\x00" not in s)),
        "issuer": draw(st.text(max_size=30).filter(lambda s: "\x00" not in s)),
        "province_code": draw(province_codes),
        "producer": {
            "registry_id": f"P-{draw(numbers)}",
            "name": draw(words),
            "tax_code": draw(st.sampled_from(["", "5701234567", "0101234567-001"])),
            "kind": draw(st.sampled_from(PRODUCER_KINDS)),
        },
        "updated_at": when.isoformat() + draw(offsets),
        "unknown_extra": draw(json_values),  # ignored, per the contract
    }


def _drop(key):
    return lambda r: {k: v for k, v in r.items() if k != key}


def _set(key, value):
    return lambda r: {**r, key: value}


def _producer(key, value):
    return lambda r: {**r, "producer": {**r["producer"], key: value}}


# Each breaks a rule of the contract, so the record must be rejected.
BREAKS = [
    _drop("certificate_no"), _set("certificate_no", ""), _set("certificate_no", "x" * 65),
    _set("certificate_no", 153), _drop("product_code"), _set("product_name", "   "),
    _set("group", "furniture"), _set("stars", 2), _set("stars", 6), _set("stars", "4"),
    _set("stars", None), _set("stars", True), _set("stars", 4.5),
    _set("level", "district"), _set("status", "expired"), _set("status", None),
    _set("issued_on", "15/10/2024"), _set("issued_on", None), _set("expires_on", "2024-02-30"),
    _set("province_code", "99"), _set("province_code", "220"), _set("province_code", 22),
    _set("updated_at", "2026-01-01T08:00:00"), _set("updated_at", "2026-01-01"),
    _set("updated_at", None), _drop("producer"), _set("producer", "HTX Yến Dương"),
    _producer("kind", "farm"), _producer("registry_id", ""), _producer("name", None),
    _producer("tax_code", 5701234567), _set("product_name", "Chả\x00mực"),
    _set("issuer", "UBND \ud800"), _set("updated_at", "9999-12-31T23:59:59-05:00"),
    lambda r: {**r, "expires_on": r["issued_on"]},
    lambda r: {**r, "stars": 5, "level": "provincial"},
    lambda r: {**r, "status": "revoked", "revoked_on": None, "revocation_reason": "x"},
    lambda r: {**r, "status": "revoked", "revoked_on": "2026-01-01", "revocation_reason": ""},
]  # fmt: skip


@st.composite
def broken_records(draw):
    record = draw(valid_records())
    return draw(st.sampled_from(BREAKS))(record)


anything = st.one_of(json_values, valid_records(), broken_records())


# --- parse_record ----------------------------------------------------------------------


@FAST
@given(anything)
def test_parse_record_raises_nothing_but_record_error(data):
    try:
        parsed = parse_record(data)
    except RecordError as error:
        assert str(error)  # always a reason a person can act on
    else:
        assert isinstance(parsed, CertificateRecord)


@FAST
@given(valid_records())
def test_parse_record_accepts_every_valid_record(data):
    parsed = parse_record(data)
    assert parsed.certificate_no == data["certificate_no"]
    assert parsed.stars == data["stars"]
    assert parsed.expires_on > parsed.issued_on
    assert parsed.today_province_code in today_provinces()
    assert parsed.updated_at.tzinfo is not None
    assert (parsed.revoked_on is None) == (data["status"] != "revoked")


@FAST
@given(broken_records())
def test_parse_record_rejects_every_broken_record(data):
    with pytest.raises(RecordError):
        parse_record(data)


@FAST
@given(st.dictionaries(st.sampled_from(["stars", "level", "status", "issued_on", "province_code",
                                        "updated_at", "producer", "certificate_no"]),
                       json_values))  # fmt: skip
def test_parse_record_on_partial_random_objects(data):
    with pytest.raises(RecordError):
        parse_record(data)


# --- apply_records -------------------------------------------------------------------------


def _latest_valid(items):
    """certificate_no -> the valid versions that could be the stored one."""
    versions = {}
    for item in items:
        try:
            record = parse_record(item)
        except RecordError:
            continue
        versions.setdefault(record.certificate_no, []).append(record)
    return versions


@DB
@given(
    items=st.lists(
        st.tuples(st.booleans(), valid_records(), st.sampled_from(range(len(BREAKS)))),
        max_size=12,
    ),
    junk=st.lists(json_values, max_size=3),
)
def test_apply_rejects_exactly_the_broken_and_writes_no_partial_record(groups, items, junk):
    batch = [BREAKS[i](record) if broken else record for broken, record, i in items] + junk
    broken_rows = {n for n, (broken, _, _) in enumerate(items) if broken}
    broken_rows |= {len(items) + j for j in range(len(junk))}
    with transaction.atomic():
        run = SyncRun.objects.create(source="feed")
        incoming = [Incoming(data, row_number=n) for n, data in enumerate(batch)]
        result = apply_records(incoming, run=run)

        assert {r.row_number for r in result.rejected} == broken_rows
        assert RejectedRecord.objects.filter(run=run).count() == len(broken_rows)
        valid = _latest_valid(batch)
        assert result.applied + result.unchanged == len(batch) - len(broken_rows)
        assert result.applied == len(valid)  # nothing stored before: one write per certificate
        _assert_whole(valid)
        # Rejected-only certificate numbers left no row at all.
        assert set(Certificate.objects.values_list("certificate_no", flat=True)) == set(valid)
        transaction.set_rollback(True)


@DB
@given(first=st.lists(valid_records(), max_size=8), second=st.lists(anything, max_size=8))
def test_apply_twice_keeps_every_stored_record_whole(groups, first, second):
    with transaction.atomic():
        apply_records(first, run=SyncRun.objects.create(source="feed"))
        again = apply_records(first, run=SyncRun.objects.create(source="file"))
        assert again.applied == 0  # the same records change nothing
        apply_records(second, run=SyncRun.objects.create(source="webhook"))
        _assert_whole(_latest_valid(first + [r for r in second if isinstance(r, dict)]))
        transaction.set_rollback(True)


def _assert_whole(valid: dict[str, list[CertificateRecord]]) -> None:
    """Every stored certificate has its product and producer, and matches an input."""
    for certificate in Certificate.objects.select_related("product__producer"):
        product = certificate.product
        assert product.producer is not None
        assert product.categories.filter(code__in=GROUP_CODES).count() == 1
        candidates = valid[certificate.certificate_no]
        assert any(
            (r.stars, r.level, r.status, r.issued_on, r.expires_on, r.revoked_on, r.product_code)
            == (
                certificate.stars, certificate.level, certificate.status, certificate.issued_on,
                certificate.expires_on, certificate.revoked_on, product.code,
            )
            for r in candidates
        )  # fmt: skip
        newest = max(r.updated_at for r in candidates)
        assert math.isclose(certificate.registry_updated_at.timestamp(), newest.timestamp())
    stored_producers = set(Producer.objects.values_list("registry_id", flat=True))
    assert {p for p in stored_producers if p.startswith("P-")} <= {
        r.producer.registry_id for records in valid.values() for r in records
    }
    assert Product.objects.filter(producer__isnull=True, code__startswith="SP-").count() == 0
