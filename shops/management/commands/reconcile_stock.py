"""Check that every stock record agrees with its ledger; fix only when asked.

    python manage.py reconcile_stock            # report, exit status 1 on any drift
    python manage.py reconcile_stock --fix      # also write a correction movement

A record drifts when its level differs from the sum of its movements, or its
allocation from the sum of its movements' allocation or of its held reservations.
``--fix`` keeps the level staff see and the held reservations (they name orders and
checkouts) and writes one "count correction" movement per drifting record, under its
row lock, so the ledger sums match again; nothing is changed silently.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Sum
from tqdm import tqdm

from shops import ledger
from shops.models import Reservation, StockMovement, StockRecord

BATCH = 2000
FIX_NOTE = "Đối soát sổ kho"


def ledger_sums(ids) -> tuple[dict, dict]:
    movements = {
        row["stockrecord_id"]: (row["quantity"] or 0, row["allocated"] or 0)
        for row in StockMovement.objects.filter(stockrecord_id__in=ids)
        .values("stockrecord_id")
        .annotate(quantity=Sum("quantity"), allocated=Sum("allocated"))
    }
    held = dict(
        Reservation.objects.filter(stockrecord_id__in=ids, state=Reservation.State.HELD)
        .values("stockrecord_id")
        .annotate(n=Sum("quantity"))
        .values_list("stockrecord_id", "n")
    )
    return movements, held


def drift(level, allocated, movements, held) -> str:
    level, allocated = level or 0, allocated or 0
    quantity, moved_allocated = movements
    problems = []
    if level != quantity:
        problems.append(f"tồn {level} ≠ tổng biến động {quantity}")
    if allocated != moved_allocated:
        problems.append(f"đang giữ {allocated} ≠ tổng biến động giữ {moved_allocated}")
    if allocated != held:
        problems.append(f"đang giữ {allocated} ≠ tổng giữ hàng còn hiệu lực {held}")
    return "; ".join(problems)


def fix(pk: int) -> str:
    """Write the correction of one record under its lock; returns what was done."""
    with transaction.atomic():
        record = ledger.lock([pk])[pk]
        movements, held = ledger_sums([pk])
        quantity, moved_allocated = movements.get(pk, (0, 0))
        held = held.get(pk, 0)
        level = record.num_in_stock or 0
        if not drift(level, record.num_allocated, (quantity, moved_allocated), held):
            return "đã khớp"
        if held > level:
            return f"không tự sửa được: giữ hàng {held} vượt tồn {level}, cần kiểm tra"
        StockRecord.objects.filter(pk=pk).update(num_in_stock=level, num_allocated=held)
        StockMovement.objects.create(
            stockrecord_id=pk,
            reason=StockMovement.Reason.COUNT_CORRECTION,
            quantity=level - quantity,
            allocated=held - moved_allocated,
            note=FIX_NOTE,
        )
        return f"đã ghi điều chỉnh {level - quantity:+d} tồn, {held - moved_allocated:+d} giữ"


class Command(BaseCommand):
    help = "Đối soát tồn kho với sổ biến động và giữ hàng; --fix ghi bút toán điều chỉnh."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix",
            action="store_true",
            help="Ghi một biến động 'điều chỉnh theo kiểm kê' cho mỗi bản ghi lệch.",
        )

    def handle(self, *args, fix: bool = False, **options):
        total = StockRecord.objects.count()
        drifting, unfixed, last = 0, 0, 0
        progress = tqdm(total=total, unit=" bản ghi", disable=options["verbosity"] < 1,
                        file=self.stderr._out)
        while True:
            batch = list(
                StockRecord.objects.filter(pk__gt=last)
                .order_by("pk")
                .values_list("pk", "num_in_stock", "num_allocated")[:BATCH]
            )
            if not batch:
                break
            last = batch[-1][0]
            movements, held = ledger_sums([pk for pk, _, _ in batch])
            for pk, level, allocated in batch:
                problem = drift(level, allocated, movements.get(pk, (0, 0)), held.get(pk, 0))
                if not problem:
                    continue
                drifting += 1
                line = f"Bản ghi tồn kho #{pk}: {problem}"
                if fix:
                    outcome = globals()["fix"](pk)
                    unfixed += outcome.startswith("không")
                    line = f"{line} → {outcome}"
                progress.write(line, file=self.stdout._out)
            progress.update(len(batch))
        progress.close()
        summary = f"Đã đối soát {total} bản ghi tồn kho: {drifting} bản ghi lệch sổ."
        if drifting and (not fix or unfixed):
            raise CommandError(summary + (f" {unfixed} chưa sửa được." if fix else
                                          " Chạy lại với --fix để ghi bút toán điều chỉnh."))
        self.stdout.write(summary)
