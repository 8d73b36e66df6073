"""The registry pull feed (registry contract §3).

``sync_feed()`` asks the registry for every record changed since the
watermark, follows ``next_cursor`` until it is null and applies each page
through the one sync service in its own transaction, so applied pages stay
applied whatever happens to the next one.

The watermark is derived, not stored apart: it is the ``server_time`` of the
first page of the latest *completed* feed ``SyncRun``. A run that fails keeps
the old watermark (re-reading is harmless: upserts are idempotent). The very
first run, and ``full=True``, omit ``updated_since`` so the registry sends
everything.

Errors: 401 stops at once; 429 waits ``Retry-After`` seconds; 5xx, timeouts
and refused connections are retried with exponential backoff
(``OCOP_REGISTRY_RETRY_BASE_DELAY`` × 2ⁿ, at most ``OCOP_REGISTRY_MAX_RETRIES``
retries), then the run gives up. A page that is not JSON, or not shaped like
the contract, fails the run. Every failure is written to the run's ``error``
and raised as a ``FeedError`` whose message says what to do.
"""

import datetime as dt
import email.utils
import http.client
import json
import logging
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.db import connection, transaction

from ..models import RejectedRecord, SyncRun
from ..sync_models import Source
from ..validity import OCOP_TZ
from .apply import ApplyResult, apply_records
from .effects import announce_changes
from .records import parse_rfc3339
from .runs import (
    COUNTERS,
    close_dead_runs,
    sync_run_beat,
    sync_run_count,
    sync_run_finish,
    sync_run_start,
)

logger = logging.getLogger(__name__)

FEED_PATH = "/v1/certificates"
MAX_PAGE_SIZE = 1000


class FeedError(Exception):
    """A feed run that could not complete; the message says what to do."""

    run: SyncRun | None = None


class FeedNotConfigured(FeedError):
    pass


class FeedAuthError(FeedError):
    pass


class FeedUnavailable(FeedError):
    """Still failing after every retry (5xx, timeouts, 429, unreachable)."""


class FeedMalformed(FeedError):
    pass


class FeedRefused(FeedError):
    """A 4xx other than 401 and 429: the request itself is wrong."""


class SyncAlreadyRunning(FeedError):
    pass


class _Transient(Exception):
    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class FeedPage:
    items: list
    next_cursor: str | None
    server_time: dt.datetime


@dataclass(frozen=True)
class FeedConfig:
    base_url: str
    token: str
    page_size: int
    timeout: float
    max_retries: int
    base_delay: float
    max_delay: float
    max_pages: int
    max_page_bytes: int

    @classmethod
    def from_settings(cls, *, page_size: int | None = None) -> "FeedConfig":
        base_url = (settings.OCOP_REGISTRY_URL or "").strip().rstrip("/")
        if not base_url:
            raise FeedNotConfigured(
                "OCOP_REGISTRY_URL is not set: give the registry's base URL "
                "(for example https://registry.example.vn) in the environment."
            )
        size = page_size if page_size is not None else settings.OCOP_REGISTRY_PAGE_SIZE
        if not 1 <= size <= MAX_PAGE_SIZE:
            raise FeedNotConfigured(
                f"page size must be between 1 and {MAX_PAGE_SIZE} (got {size})."
            )
        return cls(
            base_url=base_url,
            token=settings.OCOP_REGISTRY_TOKEN,
            page_size=size,
            timeout=settings.OCOP_REGISTRY_TIMEOUT,
            max_retries=max(0, settings.OCOP_REGISTRY_MAX_RETRIES),
            base_delay=float(getattr(settings, "OCOP_REGISTRY_RETRY_BASE_DELAY", 1.0)),
            max_delay=float(getattr(settings, "OCOP_REGISTRY_RETRY_MAX_DELAY", 300.0)),
            max_pages=max(1, settings.OCOP_REGISTRY_MAX_PAGES),
            max_page_bytes=max(1, settings.OCOP_REGISTRY_MAX_PAGE_BYTES),
        )


class RegistryFeedClient:
    """Fetches one page at a time, retrying what the contract calls transient."""

    def __init__(self, config: FeedConfig, *, sleep: Callable[[float], None] = time.sleep):
        self.config = config
        self.sleep = sleep

    def page_url(self, *, updated_since: dt.datetime | None, page_size: int, cursor: str | None):
        query = {"page_size": page_size}
        if updated_since is not None:
            query["updated_since"] = rfc3339(updated_since)
        if cursor is not None:
            query["cursor"] = cursor
        return f"{self.config.base_url}{FEED_PATH}?{urlencode(query)}"

    def fetch_page(
        self, *, updated_since: dt.datetime | None, page_size: int, cursor: str | None = None
    ) -> FeedPage:
        url = self.page_url(updated_since=updated_since, page_size=page_size, cursor=cursor)
        attempts = self.config.max_retries + 1
        for attempt in range(attempts):
            try:
                return parse_page(self._get(url))
            except _Transient as problem:
                if attempt + 1 == attempts:
                    raise FeedUnavailable(
                        f"the registry is unavailable ({problem}); gave up after {attempts} "
                        "attempts. Pages already applied stay applied; the next run "
                        "starts again from the previous watermark."
                    ) from None
                delay = problem.retry_after
                if delay is None:
                    delay = self.config.base_delay * 2**attempt
                delay = min(max(delay, 0.0), self.config.max_delay)
                logger.warning("registry feed: %s; retrying in %.2f s", problem, delay)
                self.sleep(delay)
        raise AssertionError("unreachable")

    def _get(self, url: str) -> bytes:
        """The body of one page, read within one deadline for the whole response."""
        timeout = self.config.timeout
        deadline = time.monotonic() + timeout
        parts = urlsplit(url)
        client_class = (
            http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        )
        http_connection = client_class(parts.hostname, parts.port, timeout=timeout)
        try:
            http_connection.request(
                "GET",
                f"{parts.path}?{parts.query}",
                headers={
                    "Authorization": f"Bearer {self.config.token}",
                    "Accept": "application/json",
                    "User-Agent": "ocop-storefront-registry-sync",
                },
            )
            _limit_socket(http_connection, deadline, timeout)
            response = http_connection.getresponse()
            if response.status >= 300:
                _raise_for_status(response)
            return self._read_body(http_connection, response, deadline, timeout)
        except (TimeoutError, _PageTimeout):
            raise _Transient(f"no answer within {timeout:g} s (the whole page)") from None
        except (ConnectionError, http.client.HTTPException, OSError) as error:
            raise _Transient(f"cannot reach {self.config.base_url}: {error!r}") from None
        finally:
            http_connection.close()

    def _read_body(self, http_connection, response, deadline: float, timeout: float) -> bytes:
        limit = self.config.max_page_bytes
        declared = response.getheader("Content-Length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise FeedMalformed(
                f"the registry sent a page of {int(declared)} bytes; at most {limit} are read "
                "(OCOP_REGISTRY_MAX_PAGE_BYTES)."
            )
        chunks, size = [], 0
        while True:
            _limit_socket(http_connection, deadline, timeout)
            chunk = response.read1(1 << 16)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > limit:
                raise FeedMalformed(
                    f"the registry sent a page larger than {limit} bytes "
                    "(OCOP_REGISTRY_MAX_PAGE_BYTES)."
                )
            chunks.append(chunk)


class _PageTimeout(Exception):
    pass


def _limit_socket(http_connection, deadline: float, timeout: float) -> None:
    """Give the next socket read only what is left of the page's deadline."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise _PageTimeout()
    if http_connection.sock is not None:
        http_connection.sock.settimeout(min(left, timeout))


def _raise_for_status(response: http.client.HTTPResponse):
    status = response.status
    if status == 401:
        raise FeedAuthError(
            "the registry refused the token (HTTP 401): check OCOP_REGISTRY_TOKEN. "
            "Nothing was retried; the watermark is unchanged."
        )
    if status == 429:
        retry_after = _retry_after(response.headers.get("Retry-After"))
        raise _Transient("rate limited (HTTP 429)", retry_after)
    if status >= 500:
        raise _Transient(f"HTTP {status}")
    try:
        detail = response.read(500).decode("utf-8", "replace").strip()
    except (OSError, http.client.HTTPException):
        detail = ""
    raise FeedRefused(f"the registry refused the request (HTTP {status}): {detail or status}")


def _retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return (when - dt.datetime.now(dt.UTC)).total_seconds()


def parse_page(body: bytes) -> FeedPage:
    """Decode one feed page, or raise FeedMalformed saying what is wrong."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise FeedMalformed(f"the registry sent a page that is not valid JSON ({error}).") from None
    if not isinstance(data, dict):
        raise FeedMalformed(
            'the registry sent a page that is not {"items": [...], "next_cursor": ..., '
            '"server_time": ...}.'
        )
    items, cursor, server_time = data.get("items"), data.get("next_cursor"), data.get("server_time")
    if not isinstance(items, list):
        raise FeedMalformed("the registry sent a page whose items is not a list.")
    if cursor is not None and (not isinstance(cursor, str) or not cursor):
        raise FeedMalformed("the registry sent a next_cursor that is neither a string nor null.")
    parsed_time = _parse_server_time(server_time)
    if parsed_time is None:
        raise FeedMalformed(
            "the registry sent a server_time that is not RFC 3339 with an offset "
            f"({server_time!r})."
        )
    return FeedPage(items=items, next_cursor=cursor, server_time=parsed_time)


def _parse_server_time(value) -> dt.datetime | None:
    try:
        return parse_rfc3339(value)
    except ValueError:
        return None


def rfc3339(value: dt.datetime) -> str:
    """A stored instant as the registry writes it: local time with its offset."""
    return value.astimezone(OCOP_TZ).isoformat()


# --- the run -----------------------------------------------------------------------


def current_watermark() -> dt.datetime | None:
    """server_time of the first page of the latest completed feed run."""
    return (
        SyncRun.objects.filter(
            source=Source.FEED, status=SyncRun.Status.COMPLETED, server_time__isnull=False
        )
        .order_by("-started_at", "-pk")
        .values_list("server_time", flat=True)
        .first()
    )


def rejection_reasons(run: SyncRun, *, limit: int = 5) -> list[RejectedRecord]:
    return list(run.rejections.order_by("pk")[:limit])


# One feed run at a time. On PostgreSQL a session advisory lock held by the
# run's connection: the database frees it the moment the process dies. On
# SQLite the claim runs in an IMMEDIATE transaction (one claimer at a time)
# and a running run that still beats holds it.
FEED_LOCK_ID = 0x4F434F50_46454544 >> 1  # "OCOPFEED", as a positive bigint


@contextmanager
def feed_run(**fields):
    """Claim the feed and create its run, or raise SyncAlreadyRunning."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [FEED_LOCK_ID])
            if not cursor.fetchone()[0]:
                raise SyncAlreadyRunning(_ALREADY_RUNNING)
        try:
            # Holding the lock, any feed run still "running" lost its process.
            close_dead_runs(sources=(Source.FEED,), reason=_LOCK_LOST)
            yield sync_run_start(source=Source.FEED, **fields)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [FEED_LOCK_ID])
        return
    with transaction.atomic():
        close_dead_runs()
        if SyncRun.objects.filter(source=Source.FEED, status=SyncRun.Status.RUNNING).exists():
            raise SyncAlreadyRunning(_ALREADY_RUNNING)
        run = sync_run_start(source=Source.FEED, **fields)
    yield run


_ALREADY_RUNNING = "another registry sync is running; this one did not start."
_LOCK_LOST = "interrupted: the process running it stopped (its database session ended)"


PageCallback = Callable[[SyncRun, FeedPage, ApplyResult], None]


def sync_feed(
    *,
    full: bool = False,
    page_size: int | None = None,
    on_page: PageCallback | None = None,
) -> SyncRun:
    """Run the pull feed now; return the completed run or raise FeedError.

    ``full`` ignores the watermark and asks for everything. The run's
    counters are saved after each page so staff can watch it progress.
    """
    config = FeedConfig.from_settings(page_size=page_size)
    with feed_run() as run:
        since = None if full else current_watermark()
        run.updated_since, run.source_detail = since, "full" if since is None else "incremental"
        run.save(update_fields=["updated_since", "source_detail"])
        client = RegistryFeedClient(config, sleep=lambda seconds: _sleep_beating(run, seconds))
        try:
            _follow_pages(run, client, since=since, config=config, on_page=on_page)
        except FeedError as error:
            sync_run_finish(run, status=SyncRun.Status.FAILED, error=str(error))
            error.run = run
            logger.error("registry feed run #%s failed: %s", run.pk, error)
            raise
        except BaseException as error:
            sync_run_finish(run, status=SyncRun.Status.FAILED, error=f"unexpected error: {error!r}")
            raise
        sync_run_finish(run, status=SyncRun.Status.COMPLETED)
    return run


def _sleep_beating(run: SyncRun, seconds: float) -> None:
    """Wait between retries without looking dead to other processes."""
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        sync_run_beat(run)
        time.sleep(min(left, max(1.0, settings.OCOP_REGISTRY_RUN_STALE_SECONDS / 4)))


def _follow_pages(run, client, *, since, config, on_page) -> None:
    cursor, used = None, set()
    while True:
        if run.pages >= config.max_pages:
            raise FeedMalformed(
                f"the registry still had more after {config.max_pages} pages "
                "(OCOP_REGISTRY_MAX_PAGES); the run stops here and the watermark stays."
            )
        # No beat needed here: the run was created, or the last page saved, just now.
        page = client.fetch_page(updated_since=since, page_size=config.page_size, cursor=cursor)
        with transaction.atomic():
            result = apply_records(page.items, run=run)
            sync_run_count(run, result=result, pages=1)
            if run.server_time is None:
                run.server_time = page.server_time
            run.save(update_fields=[*COUNTERS, "server_time"])
            announce_changes(result)
        if on_page is not None:
            on_page(run, page, result)
        if page.next_cursor is None:
            return
        used.add(cursor)
        if page.next_cursor in used:
            raise FeedMalformed("the registry sent a next_cursor it had already sent (a loop).")
        cursor = page.next_cursor
