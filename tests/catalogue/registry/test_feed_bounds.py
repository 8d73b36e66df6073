"""A feed run is bounded whatever the registry does: a deadline for each whole
page, a cap on page bytes and on pages, a repeated cursor detected. Each ends
the run with a clear error; the watermark stays where it was."""

import time

import pytest

from catalogue.models import Certificate
from catalogue.registry.feed import current_watermark

from .conftest import make_record
from .test_feed import T1, T2, failing_sync, latest_run, sync

pytestmark = pytest.mark.django_db


@pytest.fixture
def watermark(registry):
    """A completed run first, so there is a watermark to keep."""
    registry.records = [make_record()]
    registry.server_time = T1
    sync()
    registry.server_time = T2
    return current_watermark()


def test_a_registry_dripping_one_byte_at_a_time_hits_the_page_deadline(
    registry, settings, watermark
):
    settings.OCOP_REGISTRY_TIMEOUT = 1
    settings.OCOP_REGISTRY_MAX_RETRIES = 1
    registry.drip(page=1, seconds=0.2, times=None)  # each read is quick, the page is not
    started = time.monotonic()
    message, _ = failing_sync()
    elapsed = time.monotonic() - started
    assert "no answer within 1 s (the whole page)" in message
    assert elapsed < 2 * 1 * 2 + 1  # two attempts of one second, plus the retry delay
    assert latest_run().status == "failed"
    assert current_watermark() == watermark


def test_a_registry_answering_a_new_cursor_forever_stops_at_the_page_cap(
    registry, settings, watermark
):
    settings.OCOP_REGISTRY_MAX_PAGES = 25
    registry.endless = True
    started = time.monotonic()
    message, _ = failing_sync()
    assert "still had more after 25 pages (OCOP_REGISTRY_MAX_PAGES)" in message
    assert time.monotonic() - started < 30
    run = latest_run()
    assert (run.status, run.pages) == ("failed", 25)
    assert current_watermark() == watermark
    # The lock was released: the next run starts.
    registry.endless = False
    sync()
    assert latest_run().status == "completed"


def test_a_repeated_cursor_is_a_loop(registry, watermark, monkeypatch):
    registry.records = [make_record() for _ in range(3)]
    def same_cursor(self, listing):
        self._cursors["loop"] = listing
        return "loop"

    monkeypatch.setattr(type(registry), "_new_cursor", same_cursor)
    message, _ = failing_sync(full=True, page_size=1)
    assert "a next_cursor it had already sent (a loop)" in message
    assert current_watermark() == watermark


def test_a_page_larger_than_the_cap_fails_the_run(registry, settings, watermark):
    settings.OCOP_REGISTRY_MAX_PAGE_BYTES = 2000
    registry.records = [make_record() for _ in range(5)]
    message, _ = failing_sync(full=True)
    assert "larger than 2000 bytes" in message or "a page of " in message
    assert "OCOP_REGISTRY_MAX_PAGE_BYTES" in message
    assert current_watermark() == watermark
    assert Certificate.objects.count() == 1  # only the watermark fixture's
