"""Writes to a SyncRun shared by every way in (feed, webhook, files, demo seed)."""

from django.utils import timezone

from ..models import SyncRun
from .apply import ApplyResult


def sync_run_count(run: SyncRun, *, result: ApplyResult, pages: int = 0, rejected: int = 0) -> None:
    """Add one applied batch to the run's counters (saved by the caller's next save).

    ``rejected`` counts rejections made before ``apply_records`` (e.g. unreadable rows).
    """
    run.pages += pages
    run.applied += result.applied
    run.unchanged += result.unchanged
    run.rejected += len(result.rejected) + rejected


def sync_run_finish(run: SyncRun, *, status: str, error: str = "") -> None:
    run.status, run.error, run.finished_at = status, error, timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])
