"""Opening hours of a showroom: periods per weekday, in Asia/Ho_Chi_Minh.

A period opens on its weekday and closes the same day, or the next day when
``closes <= opens`` (18:00–02:00; 18:00–00:00 closes at midnight). A weekday
without periods is a closed day. Everything here is plain Python over
``Period`` values so that the model, the forms, the data migration and the
"open now" filter (``open_at_q``) share one reading of the rule.
"""

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.validity import OCOP_TZ

MONDAY, SUNDAY = 0, 6
WEEKDAY_CHOICES = [
    (0, _("Thứ Hai")),
    (1, _("Thứ Ba")),
    (2, _("Thứ Tư")),
    (3, _("Thứ Năm")),
    (4, _("Thứ Sáu")),
    (5, _("Thứ Bảy")),
    (6, _("Chủ nhật")),
]
WEEKDAY_NAMES = dict(WEEKDAY_CHOICES)
DAY_MINUTES, WEEK_MINUTES = 24 * 60, 7 * 24 * 60


@dataclass(frozen=True, order=True)
class Period:
    weekday: int  # 0 = Monday … 6 = Sunday
    opens: dt.time
    closes: dt.time

    @property
    def overnight(self) -> bool:
        return self.closes <= self.opens

    def span(self) -> tuple[int, int]:
        """(start, end) in minutes from Monday 00:00; end may pass the week's end."""
        start = self.weekday * DAY_MINUTES + _minutes(self.opens)
        end = self.weekday * DAY_MINUTES + _minutes(self.closes)
        if self.overnight:
            end += DAY_MINUTES
        return start, end

    def label(self) -> str:
        return f"{self.opens:%H:%M}–{self.closes:%H:%M}"


def _minutes(value: dt.time) -> int:
    return value.hour * 60 + value.minute


def as_periods(rows: Iterable) -> list[Period]:
    """Periods from model rows (or anything with weekday/opens/closes)."""
    return sorted(Period(r.weekday, r.opens, r.closes) for r in rows)


def local(moment: dt.datetime | None = None) -> dt.datetime:
    return timezone.localtime(moment or timezone.now(), OCOP_TZ)


def _week_minute(moment: dt.datetime) -> int:
    return moment.weekday() * DAY_MINUTES + moment.hour * 60 + moment.minute


def is_open_at(periods: Sequence[Period], moment: dt.datetime | None = None) -> bool:
    """Whether any period covers ``moment`` (local time), Sunday night into Monday included."""
    now = _week_minute(local(moment))
    for period in periods:
        start, end = period.span()
        if start <= now < end or start <= now + WEEK_MINUTES < end:
            return True
    return False


def next_change(
    periods: Sequence[Period], moment: dt.datetime | None = None
) -> dt.datetime | None:
    """When the showroom next opens (if closed at ``moment``) or closes (if open).

    None when it has no periods at all.
    """
    if not periods:
        return None
    start_of_week = local(moment).replace(second=0, microsecond=0)
    now = _week_minute(start_of_week)
    start_of_week -= dt.timedelta(minutes=now)
    open_now = is_open_at(periods, moment)
    edges = []
    for period in periods:
        start, end = period.span()
        for shift in (-WEEK_MINUTES, 0, WEEK_MINUTES):
            edge = (end if open_now else start) + shift
            if edge > now and (not open_now or start + shift <= now):
                edges.append(edge)
    if not edges:
        return None
    # Local wall-clock arithmetic: Việt Nam keeps no daylight saving time.
    return start_of_week + dt.timedelta(minutes=min(edges))


def overlaps(periods: Sequence[Period]) -> tuple[Period, Period] | None:
    """The first two periods that overlap (around the week, too), or None."""
    spans = sorted((p.span(), p) for p in periods)
    for i, ((start, end), period) in enumerate(spans):
        for (other_start, other_end), other in spans[i + 1 :]:
            if other_start < end or other_end > WEEK_MINUTES and other_end - WEEK_MINUTES > start:
                return period, other
    return None


def week(periods: Sequence[Period], moment: dt.datetime | None = None) -> list[dict]:
    """Rows for an hours table: each weekday, its periods' labels, whether it is today."""
    today = local(moment).weekday()
    return [
        {
            "weekday": day,
            "name": name,
            "periods": [p.label() for p in periods if p.weekday == day],
            "is_today": day == today,
        }
        for day, name in WEEKDAY_CHOICES
    ]


def open_at_q(moment: dt.datetime | None = None, prefix: str = "") -> Q:
    """Periods (rows of ``OpeningPeriod``) that cover ``moment``: one SQL condition."""
    now = local(moment)
    day, time = now.weekday(), now.time().replace(second=0, microsecond=0)
    p = prefix
    overnight = Q(**{f"{p}closes__lte": F(f"{p}opens")})
    today = Q(**{f"{p}weekday": day, f"{p}opens__lte": time}) & (
        Q(**{f"{p}closes__gt": time}) | overnight
    )
    from_yesterday = Q(**{f"{p}weekday": (day - 1) % 7, f"{p}closes__gt": time}) & overnight
    return today | from_yesterday


# --- reading the free text the showrooms had before structured hours -----------------

_RANGE = re.compile(r"(\d{1,2})[:hg](\d{2})\s*[–—-]\s*(\d{1,2})[:hg](\d{2})")
_DAY_WORDS = {
    "hai": 0, "2": 0, "ba": 1, "3": 1, "tư": 2, "4": 2, "năm": 3, "5": 3,
    "sáu": 4, "6": 4, "bảy": 5, "7": 5,
}  # fmt: skip
_DAY_RANGE = re.compile(r"thứ\s+(\w+)\s*[–—-]\s*(thứ\s+(\w+)|chủ nhật)", re.IGNORECASE)


def parse_hours(text: str) -> list[Period] | None:
    """Periods read from texts such as "08:00–21:00 hằng ngày" or
    "07:30–17:30, thứ Hai – thứ Bảy"; None when the text says something else."""
    text = (text or "").strip()
    times = _RANGE.findall(text)
    if len(times) != 1:
        return None
    h1, m1, h2, m2 = (int(x) for x in times[0])
    try:
        opens, closes = dt.time(h1, m1), dt.time(h2 % 24, m2)
    except ValueError:
        return None
    if opens == closes:
        return None
    rest = _RANGE.sub("", text).strip(" ,;.").lower()
    if rest in ("", "hằng ngày", "hàng ngày", "mỗi ngày", "cả tuần"):
        days = range(7)
    else:
        match = _DAY_RANGE.fullmatch(rest)
        if not match:
            return None
        first = _DAY_WORDS.get(match.group(1).lower())
        last = SUNDAY if match.group(3) is None else _DAY_WORDS.get(match.group(3).lower())
        if first is None or last is None or last < first:
            return None
        days = range(first, last + 1)
    return [Period(day, opens, closes) for day in days]
