"""``manage.py reconcile_stock``: drift is reported with a non-zero exit; ``--fix``
writes one visible correction movement and the next run is clean."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from shops import ledger
from shops.models import Reservation, StockMovement, StockRecord
from tests.factories import StockRecordFactory

from .ledger_support import assert_reconciled, level

pytestmark = pytest.mark.django_db


def reconcile(*args) -> str:
    out = StringIO()
    call_command("reconcile_stock", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_reconciled_ledger_passes():
    record = StockRecordFactory(num_in_stock=4)
    ledger.reserve(record.pk, 1, key="cart")
    total = StockRecord.objects.count()
    assert reconcile() == f"Đã đối soát {total} bản ghi tồn kho: 0 bản ghi lệch sổ.\n"


def test_drift_is_reported_with_a_non_zero_exit_and_fixed_only_when_asked():
    fine = StockRecordFactory(num_in_stock=3)
    overwritten = StockRecordFactory(num_in_stock=5)
    stray = StockRecordFactory(num_in_stock=5)
    ledger.reserve(stray.pk, 2, key="cart")
    # Writes that bypass the ledger, as the old code did.
    StockRecord.objects.filter(pk=overwritten.pk).update(num_in_stock=9)
    Reservation.objects.filter(key="cart").update(state="released")

    with pytest.raises(CommandError, match="2 bản ghi lệch sổ") as failed:
        reconcile()
    assert "--fix" in str(failed.value)
    assert level(overwritten) == (9, 0) and level(stray) == (5, 2)  # nothing changed
    assert StockMovement.objects.filter(reason="count_correction").count() == 0

    out = reconcile("--fix")
    assert f"#{overwritten.pk}: tồn 9 ≠ tổng biến động 5" in out
    assert f"#{stray.pk}: đang giữ 2 ≠ tổng giữ hàng còn hiệu lực 0" in out
    assert "đã ghi điều chỉnh +4 tồn, +0 giữ" in out and "+0 tồn, -2 giữ" in out
    assert level(overwritten) == (9, 0) and level(stray) == (5, 0)
    corrections = StockMovement.objects.filter(reason="count_correction", note="Đối soát sổ kho")
    assert corrections.count() == 2
    assert_reconciled(fine, overwritten, stray)
    assert "0 bản ghi lệch" in reconcile()


def test_a_hold_above_the_level_is_not_fixed_blindly():
    record = StockRecordFactory(num_in_stock=2)
    Reservation.objects.create(stockrecord=record, key="ghost", quantity=5)
    with pytest.raises(CommandError, match="1 chưa sửa được"):
        reconcile("--fix")
    assert level(record) == (2, 0)
    assert not StockMovement.objects.filter(reason="count_correction").exists()


def test_records_are_read_in_batches_with_bounded_queries(django_assert_max_num_queries,
                                                          monkeypatch):
    from shops.management.commands import reconcile_stock

    monkeypatch.setattr(reconcile_stock, "BATCH", 3)
    for _ in range(5):
        StockRecordFactory(num_in_stock=1)
    batches = -(-StockRecord.objects.count() // 3)
    # count + each batch's (records, movement sums, held sums) + the empty last read
    with django_assert_max_num_queries(1 + 3 * batches + 1):
        reconcile()
