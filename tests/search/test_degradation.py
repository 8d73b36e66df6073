"""ELASTICSEARCH_URL set but the cluster fails: pages answer from the
database, a warning is logged, never a 500. A tiny stub server plays the two
faults (503 answers, and a connection that never answers)."""

import logging
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine

pytestmark = pytest.mark.django_db


class Unavailable(BaseHTTPRequestHandler):
    def _answer(self):
        body = b'{"error":{"type":"unavailable_shards_exception"},"status":503}'
        self.send_response(503)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_HEAD = do_PUT = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def answers_503():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Unavailable)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def hangs():
    """Accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


@pytest.mark.parametrize("fault", ["answers_503", "hangs"])
def test_search_falls_back_to_the_database(client, settings, shelf, caplog, request, fault):
    settings.ELASTICSEARCH_URL = request.getfixturevalue(fault)
    settings.ELASTICSEARCH_TIMEOUT = 0.3
    with caplog.at_level(logging.WARNING, logger="search.services"):
        response = client.get("/search/", {"q": "buoi do tan lac", "stars": "5"})
        suggest = client.get("/search/suggest/", {"q": "tra hoa"})
        listing = client.get("/catalogue/", {"province": "25"})
    assert response.status_code == suggest.status_code == listing.status_code == 200
    assert [p.title for p in response.context["products"]] == ["Bưởi đỏ Tân Lạc"]
    assert suggest.json()["results"][0]["title"] == "Trà hoa vàng"
    assert len(listing.context["products"]) == 4
    warnings = [r for r in caplog.records if "answering from the database" in r.getMessage()]
    assert len(warnings) == 3


def test_a_write_never_fails_when_the_cluster_is_down(settings, shelf, answers_503,
                                                     django_capture_on_commit_callbacks):
    settings.ELASTICSEARCH_URL = answers_503
    settings.ELASTICSEARCH_TIMEOUT = 0.3
    product = shelf["tra"]
    with django_capture_on_commit_callbacks(execute=True):
        product.title = "Trà hoa vàng Ba Chẽ"
        product.save()
    product.refresh_from_db()
    assert product.title == "Trà hoa vàng Ba Chẽ"


# --- The circuit breaker ---------------------------------------------------------------


class Switchable(Unavailable):
    """503, or (once the cluster "recovers") an empty Elasticsearch answer;
    counts the requests that reach it."""

    mode = "503"
    requests = 0
    EMPTY = (b'{"took":1,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,'
             b'"failed":0},"hits":{"total":{"value":0,"relation":"eq"},"max_score":null,'
             b'"hits":[]}}')

    def _answer(self):
        type(self).requests += 1
        if self.mode == "503":
            return super()._answer()
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(self.EMPTY)))
        self.end_headers()
        self.wfile.write(self.EMPTY)

    do_GET = do_POST = do_HEAD = do_PUT = _answer


@pytest.fixture
def switchable():
    handler = type("Handler", (Switchable,), {"mode": "503", "requests": 0})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler
    server.shutdown()
    server.server_close()


@pytest.fixture
def counting_hang():
    """Accepts connections, counts them and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted = []

    def accept():
        while True:
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}", accepted
    listener.close()
    for connection in accepted:
        connection.close()


def _search(q="buoi do tan lac"):
    from search.query import SearchQuery, parse_text
    from search.services import search

    started = time.monotonic()
    page = search(SearchQuery(text=parse_text(q), limit=5, facets=False))
    return page, time.monotonic() - started


@pytest.fixture
def breaker_settings(settings):
    settings.ELASTICSEARCH_TIMEOUT = 0.5
    settings.ELASTICSEARCH_BREAKER_FAILURES = 3
    settings.ELASTICSEARCH_BREAKER_SECONDS = 30
    return settings


def test_a_hanging_cluster_costs_the_timeout_only_until_the_breaker_opens(
        breaker_settings, shelf, counting_hang, caplog):
    url, accepted = counting_hang
    breaker_settings.ELASTICSEARCH_URL = url
    for _ in range(3):
        page, took = _search()
        assert page.degraded and took >= 0.5
        assert [p.title for p in page.products][0] == "Bưởi đỏ Tân Lạc"
    reached = len(accepted)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="search.services"):
        for _ in range(5):
            page, took = _search()
            assert page.degraded and took < 0.5
            assert [p.title for p in page.products][0] == "Bưởi đỏ Tân Lạc"
    assert len(accepted) == reached  # the cluster was not asked again
    warnings = [r.getMessage() for r in caplog.records if r.name == "search.services"]
    assert len(warnings) == 5  # each answer from the database still says so
    assert all("answering from the database: circuit open" in w for w in warnings)


def test_after_the_pause_one_probe_and_a_failure_opens_it_again(
        breaker_settings, shelf, counting_hang):
    url, accepted = counting_hang
    breaker_settings.ELASTICSEARCH_URL = url
    for _ in range(3):
        _search()
    reached = len(accepted)
    with time_machine.travel(time.time() + 31, tick=True):
        page, took = _search()  # the probe: waits for the timeout once
        assert page.degraded and took >= 0.5
        assert len(accepted) > reached
        reached = len(accepted)
        page, took = _search()  # open again at once
        assert page.degraded and took < 0.5 and len(accepted) == reached


def test_a_probe_that_succeeds_closes_the_breaker(breaker_settings, shelf, switchable):
    url, handler = switchable
    breaker_settings.ELASTICSEARCH_URL = url
    for _ in range(3):
        assert _search()[0].degraded
    asked = handler.requests
    assert _search()[0].degraded and handler.requests == asked  # open: not asked
    handler.mode = "ok"
    with time_machine.travel(time.time() + 31, tick=True):
        page, _took = _search()
        assert not page.degraded and handler.requests > asked  # the probe reached it
        asked = handler.requests
        page, _took = _search()
        assert not page.degraded and handler.requests > asked  # closed: asked every time


def test_failures_must_be_consecutive(breaker_settings, shelf, switchable):
    url, handler = switchable
    breaker_settings.ELASTICSEARCH_URL = url
    for mode in ("503", "503", "ok", "503", "503"):
        handler.mode = mode
        asked = handler.requests
        _search()
        assert handler.requests > asked  # never skipped: a success reset the count


def test_one_probe_at_a_time(breaker_settings, shelf, counting_hang):
    """While one request probes a hanging cluster, the others answer from the
    database at once (they would otherwise all wait for the timeout)."""
    url, accepted = counting_hang
    breaker_settings.ELASTICSEARCH_URL = url
    for _ in range(3):
        _search()
    with time_machine.travel(time.time() + 31, tick=True):
        from search import breaker

        assert breaker.allow().allowed  # this process holds the probe
        verdict = breaker.allow()
        assert not verdict.allowed and "probing" in verdict.reason
        page, took = _search()
        assert page.degraded and took < 0.5
