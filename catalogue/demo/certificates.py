"""Demo certificates in every state, with dates relative to today.

Each demo product follows a plan; its certificates are dated so that the
plan holds on the seeding day (in Asia/Ho_Chi_Minh): valid 3/4/5 stars,
expiring within 30 days, expired, revoked, suspended, not yet valid, or
re-certified with a different star level.
"""

import datetime as dt
import random

from .places import MERGER_DAY, Place

VALID_3, VALID_4, VALID_5 = "valid_3", "valid_4", "valid_5"
EXPIRING, EXPIRED, REVOKED = "expiring", "expired", "revoked"
SUSPENDED, NOT_YET_VALID, RECERTIFIED = "suspended", "not_yet_valid", "recertified"

# One cycle of 20 products: mostly valid, every other state present.
PLAN_CYCLE = (
    VALID_3, VALID_4, EXPIRING, VALID_3, RECERTIFIED, EXPIRED, VALID_4, REVOKED, VALID_3,
    VALID_5, SUSPENDED, VALID_4, RECERTIFIED, NOT_YET_VALID, VALID_3, EXPIRING, VALID_4,
    EXPIRED, RECERTIFIED, VALID_3,
)
# Plans whose product a consumer may see today.
SHOWN_PLANS = frozenset({VALID_3, VALID_4, VALID_5, EXPIRING, RECERTIFIED})

VALIDITY_MONTHS = 36
REVOCATION_REASONS = (
    "Vi phạm Luật An toàn thực phẩm",
    "Vi phạm Luật Chất lượng sản phẩm, hàng hóa",
    "Chủ thể không còn sản xuất sản phẩm",
    "Sản phẩm không duy trì được các tiêu chí đã được công nhận",
    "Chủ thể đề nghị thu hồi do ngừng hoạt động",
)


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=last)
        except ValueError:
            continue
    raise ValueError(day)


def _issued_before(rng: random.Random, today: dt.date, place: Place, *, earliest: dt.date,
                   latest: dt.date) -> dt.date:
    """An issue date in [earliest, latest]; for a former province, preferably
    before the merger so that the certificate carries the former code."""
    if place.merged_into and earliest < MERGER_DAY <= latest and rng.random() < 0.75:
        latest = MERGER_DAY - dt.timedelta(days=1)
    return earliest + dt.timedelta(days=rng.randint(0, (latest - earliest).days))


def certificate_dates(plan: str, rng: random.Random, today: dt.date, place: Place) -> list[dict]:
    """The certificates of one product (oldest first) as partial records:
    stars, level, status and dates.

    ``rng`` should serve this product's certificates only: how many numbers
    the dates draw depends on ``today``. Stars and reasons are drawn first,
    so they stay the same whatever the day.
    """
    day = dt.timedelta(days=1)
    stars = {VALID_3: 3, VALID_4: 4, VALID_5: 5}.get(plan) or rng.choice((3, 3, 4, 4, 5))
    old_stars = rng.choice((3, 4, 4, 5))
    new_stars = {3: 4, 5: 4}.get(old_stars) or rng.choice((3, 5))
    reason = rng.choice(REVOCATION_REASONS)

    def cert(issued, stars, status="active", revoked_on=None, reason=None):
        return {
            "stars": stars,
            "level": "national" if stars == 5 else "provincial",
            "status": status,
            "issued_on": issued,
            "expires_on": add_months(issued, VALIDITY_MONTHS),
            "revoked_on": revoked_on,
            "revocation_reason": reason,
        }

    # Issued long enough ago to be valid today, but not expiring within 30 days.
    valid_from = add_months(today + 31 * day, -VALIDITY_MONTHS) + day
    if plan in (VALID_3, VALID_4, VALID_5):
        return [cert(_issued_before(rng, today, place, earliest=valid_from, latest=today - day),
                     stars)]
    if plan == EXPIRING:
        expires = today + rng.randint(0, 30) * day
        return [cert(add_months(expires, -VALIDITY_MONTHS), stars)]
    if plan == EXPIRED:
        expires = today - rng.randint(1, 400) * day
        return [cert(add_months(expires, -VALIDITY_MONTHS), stars)]
    if plan == REVOKED:
        issued = _issued_before(rng, today, place, earliest=valid_from, latest=today - 90 * day)
        revoked_on = max(issued + 30 * day, today - rng.randint(1, 60) * day)
        return [cert(issued, stars, "revoked", revoked_on, reason)]
    if plan == SUSPENDED:
        issued = _issued_before(rng, today, place, earliest=valid_from, latest=today - 60 * day)
        return [cert(issued, stars, "suspended")]
    if plan == NOT_YET_VALID:
        return [cert(today + rng.randint(1, 25) * day, stars)]
    if plan == RECERTIFIED:
        old_expires = today - rng.randint(5, 200) * day
        old = cert(add_months(old_expires, -VALIDITY_MONTHS), old_stars)
        return [old, cert(old_expires + rng.randint(-25, 4) * day, new_stars)]
    raise ValueError(f"unknown plan {plan!r}")
