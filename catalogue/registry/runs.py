"""SyncRun bookkeeping shared by every way in (feed, webhook, files, demo seed):
counters, finishing, heartbeats, and closing runs whose process died.

A run beats (``sync_run_beat``) while it works. One still "running" that has
not beaten for ``OCOP_REGISTRY_RUN_STALE_SECONDS`` died with its process (a
``kill -9``, a lost machine) and is closed as failed with the time of its last
beat, the next time any run starts or staff look at the runs.
"""

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from ..models import SyncRun
from ..validity import OCOP_TZ
from .apply import ApplyResult


def sync_run_start(*, source: str, source_detail: str = "", **fields) -> SyncRun:
    return SyncRun.objects.create(
        source=source, source_detail=source_detail[:255], heartbeat_at=timezone.now(), **fields
    )


def sync_run_beat(run: SyncRun) -> None:
    """Tell other processes this run is alive (one UPDATE, outside any batch)."""
    run.heartbeat_at = timezone.now()
    SyncRun.objects.filter(pk=run.pk).update(heartbeat_at=run.heartbeat_at)


def sync_run_count(run: SyncRun, *, result: ApplyResult, pages: int = 0, rejected: int = 0) -> None:
    """Add one applied batch to the run's counters (saved by the caller's next save).

    ``rejected`` counts rejections made before ``apply_records`` (e.g. unreadable rows).
    """
    run.pages += pages
    run.applied += result.applied
    run.unchanged += result.unchanged
    run.rejected += len(result.rejected) + rejected
    run.heartbeat_at = timezone.now()


COUNTERS = ["pages", "applied", "unchanged", "rejected", "heartbeat_at"]


def sync_run_finish(run: SyncRun, *, status: str, error: str = "") -> None:
    run.status, run.error, run.finished_at = status, error, timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])


def close_dead_runs(*, sources: tuple[str, ...] = (), reason: str = "") -> int:
    """Close as failed the running runs that stopped beating (or, with
    ``sources`` and ``reason``, every running run of those sources)."""
    now = timezone.now()
    stale = now - dt.timedelta(seconds=settings.OCOP_REGISTRY_RUN_STALE_SECONDS)
    silent = Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True, started_at__lt=stale)
    closed = 0
    running = SyncRun.objects.filter(status=SyncRun.Status.RUNNING)
    if sources:
        closed += running.filter(source__in=sources).update(
            status=SyncRun.Status.FAILED, error=reason, finished_at=now
        )
    for run in running.filter(silent).only("pk", "heartbeat_at", "started_at"):
        last = (run.heartbeat_at or run.started_at).astimezone(OCOP_TZ)
        closed += SyncRun.objects.filter(pk=run.pk, status=SyncRun.Status.RUNNING).update(
            status=SyncRun.Status.FAILED,
            error=(
                f"interrupted: no sign of life since {last:%d/%m/%Y %H:%M:%S} — "
                "the process stopped before the run finished"
            ),
            finished_at=now,
        )
    return closed
