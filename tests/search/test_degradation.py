"""ELASTICSEARCH_URL set but the cluster fails: pages answer from the
database, a warning is logged, never a 500. A tiny stub server plays the two
faults (503 answers, and a connection that never answers)."""

import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

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
