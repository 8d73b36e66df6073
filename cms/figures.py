"""The programme-figures block's numbers, cached.

They come from ``catalogue.figures.certified_by_province`` (the selector the
OCOP map uses) and stay cached until the next local midnight, when expiries
take effect, or until ``sellability_changed`` (``receivers.py``) clears them.
The key names the local date, so a cache that outlives midnight is never read.
"""

import datetime as dt

from django.core.cache import cache
from django.utils import timezone

from catalogue.validity import local_today

KEY = "cms:programme-figures:{day}"


def _key(day: dt.date) -> str:
    return KEY.format(day=day.isoformat())


def seconds_to_local_midnight() -> int:
    now = timezone.localtime()
    midnight = timezone.make_aware(
        dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time.min)
    )
    return max(1, int((midnight - now).total_seconds()) + 1)


def programme_figures() -> list:
    """Rows per province, as ``certified_by_province`` gives them."""
    from catalogue.figures import certified_by_province

    key = _key(local_today())
    rows = cache.get(key)
    if rows is None:
        rows = list(certified_by_province())
        cache.set(key, rows, seconds_to_local_midnight())
    return rows


def forget_programme_figures() -> None:
    cache.delete(_key(local_today()))
