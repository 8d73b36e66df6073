"""SSL redirect sends browsers to https but answers machines posting to webhooks;
the CSP header is strict on the site and relaxed only on staff screens."""

import pytest

pytestmark = pytest.mark.django_db

REDIRECTS = {301, 302, 303, 307, 308}


@pytest.fixture
def ssl_redirect(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["ocop.example.vn"]


def test_plain_http_pages_are_redirected_to_https(client, ssl_redirect):
    response = client.get("/showrooms/", HTTP_HOST="ocop.example.vn")
    assert response.status_code == 301
    assert response["Location"] == "https://ocop.example.vn/showrooms/"


@pytest.mark.parametrize("path", ["/registry/webhook/", "/checkout/stripe/webhook/"])
def test_a_webhook_post_over_plain_http_is_answered_not_redirected(client, ssl_redirect, path):
    response = client.post(path, b'{"events": []}', content_type="application/json",
                           HTTP_HOST="ocop.example.vn")
    assert response.status_code not in REDIRECTS
    assert "Location" not in response


def test_the_registry_webhook_is_still_reached_and_checks_its_signature(client, ssl_redirect):
    response = client.post("/registry/webhook/", b"{}", content_type="application/json",
                           HTTP_HOST="ocop.example.vn")
    assert response.status_code in {400, 401, 403, 503}


def test_behind_a_tls_proxy_the_forwarded_scheme_counts(client, ssl_redirect, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get("/showrooms/", HTTP_HOST="ocop.example.vn",
                          HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200


def directives(header: str) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: (rest[0] if rest else "") for name, *rest in parts}


@pytest.mark.parametrize(
    "path, images",
    [
        ("/catalogue/", "'self' data:"),
        # Map pages add the tile server's host (OCOP_MAP_TILE_URL) and nothing else.
        ("/showrooms/", "'self' data: https://tile.openstreetmap.org"),
    ],
)
def test_storefront_pages_carry_a_strict_content_security_policy(client, groups, path, images):
    policy = directives(client.get(path)["Content-Security-Policy"])
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["img-src"] == images
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in client.get("/")["Content-Security-Policy"]


def test_django_admin_gets_the_strict_policy(client):
    policy = client.get("/admin/login/")["Content-Security-Policy"]
    assert "unsafe" not in policy
    assert directives(policy)["script-src"] == "'self'"


@pytest.mark.parametrize("path", ["/cms/login/", "/dashboard/"])
def test_wagtail_and_oscar_dashboard_allow_inline_code_and_nothing_else(client, path):
    policy = directives(client.get(path)["Content-Security-Policy"])
    assert policy["script-src"] == "'self' 'unsafe-inline'"
    assert policy["style-src"] == "'self' 'unsafe-inline'"
    assert policy["default-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert policy["object-src"] == "'none'"
