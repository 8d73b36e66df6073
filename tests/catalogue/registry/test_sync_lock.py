"""One feed run at a time across processes, on SQLite and on PostgreSQL, and
never stuck: real ``manage.py sync_registry`` processes against a registry
server, one of them killed with SIGKILL."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from .conftest import TOKEN, make_record, other_session

ROOT = Path(__file__).resolve().parents[3]
STALE_SECONDS = 3  # the SQLite lock: a run silent this long lost its process


@pytest.fixture(scope="module")
def sqlite_url(tmp_path_factory):
    """A migrated SQLite database file the processes share."""
    path = tmp_path_factory.mktemp("lock") / "ocop.sqlite3"
    url = f"sqlite:///{path}"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT, env=_env(url), check=True, timeout=600,
    )  # fmt: skip
    return url


def _env(database_url: str, registry_url: str = "") -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "OCOP_REGISTRY_URL": registry_url,
        "OCOP_REGISTRY_TOKEN": TOKEN,
        "OCOP_REGISTRY_PAGE_SIZE": "1",
        "OCOP_REGISTRY_TIMEOUT": "2",
        "OCOP_REGISTRY_MAX_RETRIES": "0",
        "OCOP_REGISTRY_RUN_STALE_SECONDS": str(STALE_SECONDS),
        "CELERY_TASK_ALWAYS_EAGER": "true",
    }
    env.pop("REDIS_URL", None)
    return env


def _postgres_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"  # noqa: E501


def _runs(database_url: str) -> list[tuple[int, str, str]]:
    query = "SELECT id, status, error FROM catalogue_syncrun WHERE source = 'feed' ORDER BY id"
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            return db.execute(query).fetchall()
    with other_session() as db:
        return db.execute(query).fetchall()


def _sync(env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "sync_registry", "--no-progress"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def _wait_for(condition, seconds=60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def check_one_at_a_time_and_kill_9(database_url: str, registry, *, frees_at_once: bool):
    # A slow registry: 40 pages, each held back 0.4 s.
    registry.records = [make_record() for _ in range(40)]
    for page in range(1, 41):
        registry.hang(page=page, seconds=0.4)
    env = _env(database_url, registry.url)

    first = subprocess.Popen(
        [sys.executable, "manage.py", "sync_registry", "--no-progress"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        _wait_for(lambda: any(status == "running" for _, status, _ in _runs(database_url)))
        _wait_for(lambda: len(registry.requests) >= 2)  # it is well into the run

        second = _sync(env)
        assert second.returncode != 0
        assert "another registry sync is running" in second.stderr + second.stdout
        assert first.poll() is None  # the second run did not disturb the first
        [(first_run, status, _)] = _runs(database_url)
        assert status == "running"
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(10)

    registry.clear_faults()
    if not frees_at_once:
        time.sleep(STALE_SECONDS + 0.5)
    third = _sync(env)
    assert third.returncode == 0, third.stderr
    runs = {run_id: (status, error) for run_id, status, error in _runs(database_url)}
    status, error = runs.pop(first_run)
    assert status == "failed" and error.startswith("interrupted")
    assert list(runs.values()) == [("completed", "")]


def test_sqlite_one_sync_at_a_time_and_a_killed_one_frees_the_lock(sqlite_url, registry):
    check_one_at_a_time_and_kill_9(sqlite_url, registry, frees_at_once=False)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (CI runs it)")
@pytest.mark.django_db(transaction=True)
def test_postgresql_one_sync_at_a_time_and_a_killed_one_frees_the_lock_at_once(registry):
    check_one_at_a_time_and_kill_9(_postgres_url(), registry, frees_at_once=True)


@pytest.mark.django_db
def test_a_killed_import_is_closed_as_failed_once_silent_for_the_stale_time(
    admin_client, settings
):
    import datetime as dt

    import time_machine
    from django.urls import reverse

    from catalogue.models import SyncRun

    settings.OCOP_REGISTRY_RUN_STALE_SECONDS = 120
    vn = dt.timezone(dt.timedelta(hours=7))
    beat = dt.datetime(2026, 11, 25, 23, 59, 30, tzinfo=vn)
    with time_machine.travel(beat, tick=False):
        run = SyncRun.objects.create(source="file", source_detail="qd.xlsx", heartbeat_at=beat)
    changelist = reverse("admin:catalogue_syncrun_changelist")

    with time_machine.travel(beat + dt.timedelta(seconds=120), tick=False):
        admin_client.get(changelist)
    run.refresh_from_db()
    assert run.status == "running"

    with time_machine.travel(beat + dt.timedelta(seconds=121), tick=False):
        admin_client.get(changelist)
    run.refresh_from_db()
    assert run.status == "failed"
    assert run.error == (
        "interrupted: no sign of life since 25/11/2026 23:59:30 — "
        "the process stopped before the run finished"
    )
