"""Who may change a certificate (registry contract §6), through the one sync
service: the registry by its own clock, spreadsheets only to fill gaps, demo
data only to create."""

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue.models import Certificate, RejectedRecord, SyncRun
from catalogue.registry.apply import apply_records
from catalogue.registry.authority import Stored, Verdict, decide
from catalogue.registry.spreadsheets import import_certificate_file

from .conftest import make_record, revoked, ts
from .test_spreadsheets import decision_row, write_sheet

pytestmark = pytest.mark.django_db
VN = dt.timezone(dt.timedelta(hours=7))


def apply(records, source):
    return apply_records(records, run=SyncRun.objects.create(source=source))


def stored(number) -> Certificate:
    return Certificate.objects.get(certificate_no=number)


# --- the rule ---------------------------------------------------------------------------

AT = dt.datetime(2026, 10, 29, 10, 0, tzinfo=VN)


@pytest.mark.parametrize(
    "source, stored_state, status, minutes, same, verdict",
    [
        ("feed", None, "active", 0, False, Verdict.APPLY),
        ("webhook", Stored("revoked", AT), "active", 1, False, Verdict.APPLY),
        ("webhook", Stored("revoked", AT), "active", 0, False, Verdict.UNCHANGED),
        ("feed", Stored("active", AT), "revoked", -1, False, Verdict.UNCHANGED),
        ("feed", Stored("active", AT), "active", 1, True, Verdict.BUMP),
        ("feed", Stored("revoked", None), "active", -999, False, Verdict.APPLY),
        ("file", None, "active", 0, False, Verdict.APPLY),
        ("file", Stored("active", AT), "revoked", 999, False, Verdict.OVERRULED),
        ("file", Stored("revoked", AT), "revoked", 999, True, Verdict.UNCHANGED),
        ("file", Stored("revoked", None), "active", 999, False, Verdict.NO_REACTIVATION),
        ("file", Stored("suspended", None), "active", 999, False, Verdict.NO_REACTIVATION),
        ("file", Stored("suspended", None), "revoked", 999, False, Verdict.APPLY),
        ("file", Stored("active", None), "suspended", 999, False, Verdict.APPLY),
        ("seed", None, "active", 0, False, Verdict.APPLY),
        ("seed", Stored("active", None), "active", 999, False, Verdict.UNCHANGED),
    ],
)
def test_the_rule(source, stored_state, status, minutes, same, verdict):
    at = AT + dt.timedelta(minutes=minutes)
    assert (
        decide(source=source, stored=stored_state, status=status, updated_at=at, same=same)
        is verdict
    )


# --- spreadsheets after the registry -------------------------------------------------


def test_an_old_spreadsheet_cannot_unrevoke_and_the_registry_still_applies(tmp_path):
    record = make_record("QN-2021-0153", updated_at="2026-10-28T09:00:00+07:00")
    apply([record], "feed")
    apply([revoked(record, updated_at="2026-10-29T10:00:00+07:00")], "webhook")
    assert stored("QN-2021-0153").status == "revoked"

    # The province's original decision: no status column, so "active".
    row = decision_row(
        1,
        certificate_no="QN-2021-0153",
        product_code=record["product_code"],
        product_name=record["product_name"],
        producer=record["producer"]["name"],
        tax_code=record["producer"]["tax_code"],
    )
    report = import_certificate_file(
        path_or_file=write_sheet(tmp_path / "old.csv", [row]), name="old.csv"
    )
    assert report.applied == 0
    [rejection] = report.rejected
    assert rejection.row_number == 2
    assert "overruled by the registry's record of 29/10/2026" in rejection.reason
    assert stored("QN-2021-0153").status == "revoked"

    # The registry's revoked record again changes nothing; a newer one re-activates.
    again = apply([revoked(record, updated_at="2026-10-29T10:00:00+07:00")], "webhook")
    assert (again.applied, again.unchanged) == (0, 1)
    back = apply([{**record, "updated_at": "2026-11-02T08:00:00+07:00"}], "feed")
    assert back.applied == 1
    assert stored("QN-2021-0153").status == "active"


def test_a_spreadsheet_never_reactivates_but_any_registry_record_applies_after_it(tmp_path):
    row = decision_row(7)
    write = lambda name, rows: import_certificate_file(  # noqa: E731
        path_or_file=write_sheet(tmp_path / name, rows), name=name
    )
    assert write("a.csv", [row]).applied == 1
    assert write("b.csv", [{**row, "status": "thu hồi"}]).applied == 1
    assert stored("QN-2025-0007").status == "revoked"

    report = write("c.csv", [row])  # the original decision again
    assert report.applied == 0
    assert "would re-activate a certificate that is revoked" in report.rejected[0].reason
    assert report.rejected[0].row_number == 2
    assert stored("QN-2025-0007").status == "revoked"

    # The registry is the authority, even with a record older than the import.
    record = make_record(
        "QN-2025-0007",
        product_code="QN-SP-0007",
        updated_at="2020-01-01T00:00:00+07:00",
    )
    assert apply([record], "webhook").applied == 1
    certificate = stored("QN-2025-0007")
    assert certificate.status == "active"
    assert certificate.registry_updated_at == dt.datetime(2020, 1, 1, tzinfo=VN)
    # From now on the spreadsheet is overruled.
    report = write("d.csv", [{**row, "stars": "3 sao"}])
    assert "overruled" in report.rejected[0].reason
    assert stored("QN-2025-0007").stars == 4


def test_a_spreadsheet_changes_certificates_only_it_has_written(tmp_path):
    row = decision_row(8)
    import_certificate_file(path_or_file=write_sheet(tmp_path / "a.csv", [row]), name="a.csv")
    report = import_certificate_file(
        path_or_file=write_sheet(tmp_path / "b.csv", [{**row, "stars": "3"}]), name="b.csv"
    )
    assert report.applied == 1
    assert stored("QN-2025-0008").stars == 3
    assert stored("QN-2025-0008").registry_updated_at is None


def test_a_spreadsheet_does_not_rewrite_a_product_the_registry_sent(tmp_path):
    record = make_record("QN-2024-0001", product_code="QN-SP-0042", product_name="Trà hoa vàng")
    apply([record], "feed")
    # A new certificate of the same product in a file: created, the product kept.
    row = decision_row(42, product_name="Tra hoa vang (file)")
    report = import_certificate_file(
        path_or_file=write_sheet(tmp_path / "a.csv", [row]), name="a.csv"
    )
    assert report.applied == 1
    assert stored("QN-2025-0042").product.title == "Trà hoa vàng"


def test_a_full_feed_after_an_import_applies_what_is_newer(tmp_path, registry):
    from catalogue.registry.feed import sync_feed

    row = decision_row(9, status="thu hồi")
    import_certificate_file(path_or_file=write_sheet(tmp_path / "a.csv", [row]), name="a.csv")
    assert stored("QN-2025-0009").status == "revoked"
    registry.records = [make_record("QN-2025-0009", product_code="QN-SP-0009", updated_at=ts(1))]
    sync_feed(full=True)
    assert stored("QN-2025-0009").status == "active"
    assert RejectedRecord.objects.filter(run__source="feed").count() == 0


def test_demo_data_creates_and_never_updates():
    record = make_record("QN-2024-0777", stars=3)
    apply([record], "feed")
    result = apply([{**record, "stars": 5, "level": "national", "updated_at": ts(999)}], "seed")
    assert (result.applied, result.unchanged) == (0, 1)
    assert stored("QN-2024-0777").stars == 3
    created = apply([make_record("QN-2024-0778")], "seed")
    assert created.applied == 1
    assert stored("QN-2024-0778").registry_updated_at is None


# --- any order of registry records and spreadsheet rows -----------------------------

_numbers = itertools.count(1)
EVENT = st.tuples(
    st.sampled_from(["feed", "webhook", "file"]),
    st.integers(0, 5),  # registry updated_at, in minutes
    st.sampled_from(["active", "suspended", "revoked"]),
    st.sampled_from([3, 4]),
)


def _model(events):
    """The state the rules define, computed the simplest way."""
    state, registry_at = None, None
    for source, minute, status, stars in events:
        if source != "file":
            if registry_at is None or minute > registry_at:
                state, registry_at = (status, stars), minute
        elif state is None or (
            registry_at is None and not (state[0] != "active" and status == "active")
        ):
            state = (status, stars)
    return state


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(events=st.lists(EVENT, min_size=1, max_size=6))
def test_any_interleaving_ends_in_the_state_the_rules_define(events):
    number = f"HY-{next(_numbers):05d}"
    base = make_record(number)
    for source, minute, status, stars in events:
        record = {**base, "status": status, "stars": stars, "updated_at": ts(minute)}
        if status == "revoked":
            record = revoked(record, updated_at=ts(minute))
        apply([record], source)
    certificate = stored(number)
    assert (certificate.status, certificate.stars) == _model(events)
