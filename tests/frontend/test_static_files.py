"""Static files under production settings: hashed names, compressed, cached for a year+.

Runs ``collectstatic`` with the production storage and asks gunicorn for the site's
stylesheet and script as a browser would.
"""

import json
import re
import urllib.request
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from tests.frontend.production_server import collectstatic, gunicorn, production_env

ONE_YEAR = 365 * 24 * 3600


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    static_root = tmp_path_factory.mktemp("static")
    env = production_env(static_root)
    collectstatic(env)
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    with gunicorn(env, workers=1) as base:
        yield base, manifest


def fetch(url: str, encoding: str):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers, response.read()


@pytest.mark.parametrize("name", ["ocop/css/oscar.css", "ocop/css/ocop.css", "ocop/js/site.js",
                                  "search/autocomplete.js"])
@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_hashed_compressed_and_cached_for_a_year(server, name, encoding):
    base, manifest = server
    hashed = manifest[name]
    assert re.search(r"\.[0-9a-f]{12}\.(css|js)$", hashed), hashed

    headers, body = fetch(f"{base}/static/{hashed}", f"{encoding}, identity")

    assert headers["Content-Encoding"] == encoding
    max_age = int(re.search(r"max-age=(\d+)", headers["Cache-Control"]).group(1))
    assert max_age >= ONE_YEAR
    assert "immutable" in headers["Cache-Control"]
    __, plain = fetch(f"{base}/static/{hashed}", "identity")
    assert len(body) < len(plain)


def test_unhashed_name_is_not_cached_for_long(server):
    """A name without its hash may change meaning on the next deploy."""
    base, __ = server
    headers, __ = fetch(f"{base}/static/ocop/css/ocop.css", "identity")
    max_age = int(re.search(r"max-age=(\d+)", headers["Cache-Control"]).group(1))
    assert max_age < 3600


@pytest.mark.parametrize("name", ["ocop/css/oscar.css", "ocop/css/ocop.css", "ocop/js/site.js",
                                  "checkout/js/address.js"])
def test_our_css_and_javascript_are_minified(server, name):
    """Comments and indentation go; licence comments (/*! … */) stay."""
    base, manifest = server
    source = Path(finders.find(name)).read_text(encoding="utf-8")
    __, served = fetch(f"{base}/static/{manifest[name]}", "identity")
    served = served.decode()

    assert len(served) < 0.9 * len(source)
    assert "\n    " not in served
    assert served.count("/*!") == source.count("/*!")


def test_files_of_other_packages_are_served_as_they_come(server):
    base, manifest = server
    name = "leaflet/leaflet.css"
    __, served = fetch(f"{base}/static/{manifest[name]}", "identity")
    source = Path(finders.find(name)).read_bytes()
    assert served.count(b"\n") == source.count(b"\n")  # only url()s get hashed names
    assert served.startswith(b"/* required styles */")
