"""A circuit breaker in front of Elasticsearch, shared by every process
through the Django cache (Redis in production).

After ``ELASTICSEARCH_BREAKER_FAILURES`` consecutive failures or timeouts the
cluster is skipped for ``ELASTICSEARCH_BREAKER_SECONDS``: searches answer from
the database at once instead of each waiting for the timeout of a hanging
cluster. Then one request (one process, whoever gets the probe key first)
tries the cluster again: a success closes the breaker, a failure opens it
for another period. Other requests keep answering from the database while
the probe is out.
"""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

DEFAULT_FAILURES = 3
DEFAULT_SECONDS = 30


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str = ""


def _limits() -> tuple[int, float]:
    failures = int(getattr(settings, "ELASTICSEARCH_BREAKER_FAILURES", DEFAULT_FAILURES))
    seconds = float(getattr(settings, "ELASTICSEARCH_BREAKER_SECONDS", DEFAULT_SECONDS))
    return max(failures, 1), max(seconds, 0.0)


def _keys() -> tuple[str, str, str]:
    cluster = hashlib.sha256(settings.ELASTICSEARCH_URL.encode()).hexdigest()[:16]
    base = f"search:breaker:{cluster}"
    return f"{base}:failures", f"{base}:open-until", f"{base}:probe"


def allow() -> Verdict:
    """Whether this request may ask the cluster."""
    _failures, open_key, probe_key = _keys()
    open_until = cache.get(open_key)
    if open_until is None:
        return Verdict(True)
    now = time.time()
    if now < open_until:
        return Verdict(False, f"circuit open, next try in {open_until - now:.0f} s")
    # Half open: one probe at a time, for at most one timeout (twice: exact
    # and near-spelling requests) and a second.
    probe_for = 2 * float(settings.ELASTICSEARCH_TIMEOUT) + 1
    if cache.add(probe_key, now, timeout=max(int(probe_for) + 1, 1)):
        return Verdict(True)
    return Verdict(False, "circuit half open, another request is probing the cluster")


def succeeded() -> None:
    failures_key, open_key, probe_key = _keys()
    if cache.get_many([failures_key, open_key]):
        cache.delete_many([failures_key, open_key, probe_key])


def failed() -> bool:
    """Count a failure; True when this one opened (or re-opened) the breaker."""
    failures_key, open_key, probe_key = _keys()
    limit, seconds = _limits()
    cache.add(failures_key, 0, timeout=None)
    try:
        failures = cache.incr(failures_key)
    except ValueError:  # expired between add and incr
        cache.add(failures_key, 1, timeout=None)
        failures = 1
    if failures < limit:
        return False
    cache.set(open_key, time.time() + seconds, timeout=None)
    cache.delete(probe_key)
    return True
