"""Writes: issuing an order's vouchers, redeeming one, the lookup throttle."""

import datetime as dt
import logging
from collections import Counter

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.apps.partner.exceptions import InvalidStockAdjustment

from catalogue.validity import local_today
from shops import scoping
from shops.ledger import StockError
from shops.models import StockRecord

from . import codes, locks
from .baskets import experience_product_ids
from .models import LookupThrottle, Voucher
from .rules import USABLE, order_state, voucher_verdict
from .selectors import with_payment_method
from .visit_dates import visit_dates_of

logger = logging.getLogger("storefront.tourism")

# Failed lookups allowed per staff member per window before lookups pause.
LOOKUP_FAILURE_LIMIT = 10
LOOKUP_WINDOW = dt.timedelta(minutes=15)


class RedeemRefused(Exception):
    """``str()`` says why, in Vietnamese, for the staff member."""


def _fresh_codes(count: int) -> list[str]:
    """``count`` new codes, none already issued (one query per round; a clash is a
    one-in-10^11 event, so there is practically one round)."""
    found: set[str] = set()
    while len(found) < count:
        wanted = {codes.new_code() for _ in range(count - len(found))} - found
        taken = set(Voucher.objects.filter(code__in=wanted).values_list("code", flat=True))
        found |= wanted - taken
    return sorted(found)


def vouchers_issue(*, order, holder_name: str = "", holder_phone: str = "") -> list[Voucher]:
    """One voucher per unit of every experience line of a newly placed order (call
    inside the placing transaction). A line without a visit date is a bug upstream:
    placement refuses such baskets first."""
    lines = list(order.lines.prefetch_related("attributes").order_by("pk"))
    experiences = experience_product_ids(line.product_id for line in lines)
    lines = [line for line in lines if line.product_id in experiences]
    if not lines:
        return []
    pending, dates = [], visit_dates_of(lines)
    for line in lines:
        visit_date = dates[line.pk]
        if visit_date is None or line.partner_id is None:
            raise ValueError(f"order line {line.pk} has no visit date or host")
        pending += [(line, visit_date, n) for n in range(1, line.quantity + 1)]
    fresh = _fresh_codes(len(pending))
    return Voucher.objects.bulk_create([
        Voucher(code=code, line=line, order=order, partner_id=line.partner_id,
                product_id=line.product_id, visit_date=visit_date, number=n,
                holder_name=holder_name[:255], holder_phone=holder_phone[:32])
        for code, (line, visit_date, n) in zip(fresh, pending, strict=True)
    ])


def voucher_redeem(*, voucher_id: int, user, today: dt.date | None = None) -> Voucher:
    """Mark one voucher used, once: under the order's and the voucher's row locks,
    every rule asked again (``rules.voucher_verdict``). Raises ``RedeemRefused``."""
    with transaction.atomic():
        voucher = locks.voucher_for_update(voucher_id)
        own = scoping.staff_showrooms(user).filter(pk=getattr(voucher, "partner_id", None))
        if voucher is None or not own.exists():
            raise RedeemRefused(_("Không tìm thấy phiếu này ở điểm bán của bạn."))
        verdict = voucher_verdict(voucher, today=today)
        if not verdict.usable:
            raise RedeemRefused(verdict.reason)
        now = timezone.now()
        # Conditional as well as locked: on any database only one writer gets a row.
        changed = Voucher.objects.filter(pk=voucher.pk, status=Voucher.Status.ISSUED).update(
            status=Voucher.Status.REDEEMED, redeemed_at=now, redeemed_by=user)
        if not changed:
            raise RedeemRefused(_("Phiếu đã được sử dụng."))
        voucher.status, voucher.redeemed_at, voucher.redeemed_by = (
            Voucher.Status.REDEEMED, now, user)
        _consume_place(voucher)
        _finish_lines_visited(voucher.order, [voucher.line_id], user=user)
        return voucher


def _finish_lines_visited(order, line_ids, *, user=None) -> None:
    """Lines none of whose vouchers is still to be used are complete in the order
    pipeline (so the order can reach "Hoàn tất")."""
    from storefront.fulfilment.services import visits_done

    waiting = set(Voucher.objects.filter(line_id__in=line_ids, status=Voucher.Status.ISSUED)
                  .values_list("line_id", flat=True))
    done = sorted(set(line_ids) - waiting)
    if done:
        visits_done(order, done, user=user)


def _consume_place(voucher) -> None:
    """The visitor came: the place held for them since the order (Oscar's allocation,
    a reservation in the stock ledger) is used. Bookkeeping only: if the hold is gone
    already (released by staff), the visit still counts and the gap is logged."""
    record = voucher.line.stockrecord
    if record is None:
        return
    try:
        with transaction.atomic():
            record.consume_allocation(1)
    except (StockError, InvalidStockAdjustment) as error:
        logger.warning("Voucher %s redeemed; its place at stock record %s was not held: %s",
                       voucher.code, record.pk, error)


def lookup_blocked_for(user) -> dt.timedelta | None:
    """How long this staff member must wait before looking up codes again, if at all."""
    row = LookupThrottle.objects.filter(user=user).first()
    if row is None or row.failures < LOOKUP_FAILURE_LIMIT:
        return None
    left = row.window_start + LOOKUP_WINDOW - timezone.now()
    return left if left > dt.timedelta(0) else None


def lookup_failed(user) -> None:
    """Count a lookup that found nothing (a new window once the old one is over)."""
    now = timezone.now()
    with transaction.atomic():
        row, created = LookupThrottle.objects.select_for_update().get_or_create(
            user=user, defaults={"failures": 1, "window_start": now})
        if created:
            return
        if row.window_start + LOOKUP_WINDOW <= now:
            LookupThrottle.objects.filter(pk=row.pk).update(failures=1, window_start=now)
        else:
            LookupThrottle.objects.filter(pk=row.pk).update(failures=F("failures") + 1)


CLOSE_BATCH = 500


def vouchers_close_past(*, today: dt.date | None = None) -> int:
    """Close the vouchers whose visit date has passed unused (local date), in batches:
    paid online, the held place is used (the visitor bought it); to be paid at the
    host, it is freed for other visitors; a cancelled, refunded, held or unpaid order
    keeps its stock as that order's own handling leaves it. Returns how many closed;
    running it again changes nothing."""
    today = today or local_today()
    closed = 0
    while True:
        with transaction.atomic():
            batch = list(
                with_payment_method(Voucher.objects.filter(
                    status=Voucher.Status.ISSUED, visit_date__lt=today))
                .select_related("order", "line").order_by("pk")[:CLOSE_BATCH])
            if not batch:
                return closed
            ids = [v.pk for v in batch]
            # Conditional: a redemption that won a race keeps its voucher.
            done = set(Voucher.objects.filter(pk__in=ids, status=Voucher.Status.ISSUED)
                       .values_list("pk", flat=True))
            Voucher.objects.filter(pk__in=done).update(status=Voucher.Status.EXPIRED)
            used, freed, visited = Counter(), Counter(), {}
            for voucher in batch:
                if voucher.pk not in done or voucher.line.stockrecord_id is None:
                    continue
                state, _reason, paid = order_state(voucher, method=voucher.method_code)
                if state == USABLE:
                    (used if paid else freed)[voucher.line.stockrecord_id] += 1
                    if paid:
                        visited.setdefault(voucher.order_id, (voucher.order, set()))[1].add(
                            voucher.line_id)
            for record in StockRecord.objects.filter(pk__in=sorted({*used, *freed})):
                if used[record.pk]:
                    record.consume_allocation(used[record.pk])
                if freed[record.pk]:
                    record.cancel_allocation(freed[record.pk])
            closed += len(done)
        # After the batch commits: the order rows are locked before stock rows
        # everywhere else, never after them.
        for order, line_ids in visited.values():
            _finish_lines_visited(order, sorted(line_ids))
