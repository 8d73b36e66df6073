"""Vietnamese at the bare path, English under /en/: every consumer page in both
languages, the external addresses where they always were, staff screens and
machines outside the prefix, and how the chosen language and the browser's
language meet the URL."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def html_lang(response) -> str:
    found = re.search(r'<html lang="([a-z-]+)"', response.content.decode())
    return found.group(1) if found else ""


def consumer_paths(shop) -> list[tuple[str, str, str | None]]:
    """(name, Vietnamese path, English path) of every kind of consumer page; a
    Wagtail page has an English path only once it is translated."""
    product, showroom = shop["product"], shop["showroom"]
    with translation.override("vi"):
        routes = {
            "catalogue": reverse("catalogue:index"),
            "group": product.get_categories().first().get_absolute_url(),
            "product": product.get_absolute_url(),
            "search": reverse("search:search") + "?q=cha+muc",
            "showrooms": reverse("showrooms:list"),
            "showroom": showroom.get_absolute_url(),
            "producers": reverse("producer-list"),
            "producer": product.producer.get_absolute_url(),
            "ocop map": reverse("ocop-map"),
            "verify": reverse("certificate-verify", args=["QN-2025-0042"]),
            "basket": reverse("basket:summary"),
            "login": reverse("customer:login"),
            "registration": reverse("customer:register"),
        }
    pages = [
        ("home", "/", "/en/"),
        ("news index", shop["index"].url, shop["index_en"].url),
        ("article", shop["fair"].url, shop["fair_en"].url),
        ("untranslated article", shop["only_vi"].url, None),
        ("policy page", shop["policy"].url, None),
    ]
    return [(name, path, "/en" + path) for name, path in routes.items()] + pages


def test_every_consumer_page_answers_in_vietnamese_bare_and_in_english_under_en(client, shop):
    for name, path, english_path in consumer_paths(shop):
        assert not path.startswith("/en/"), (name, path)
        vietnamese = client.get(path)
        assert vietnamese.status_code == 200, (name, path)
        assert html_lang(vietnamese) == "vi", (name, path)
        if english_path is None:
            continue
        english = client.get(english_path)
        assert english.status_code == 200, (name, english_path)
        assert html_lang(english) == "en", (name, english_path)


def test_translated_pages_have_their_own_english_addresses(client, shop):
    assert shop["home_en"].url == "/en/"
    assert shop["index_en"].url == "/en/news/"
    assert shop["fair_en"].url == "/en/news/quang-ninh-ocop-fair/"
    response = client.get(shop["fair_en"].url)
    assert response.status_code == 200 and html_lang(response) == "en"
    assert "More than 200 stalls." in response.content.decode()
    assert client.get("/en/tin-tuc/hoi-cho-ocop-quang-ninh/").status_code == 404
    assert client.get(shop["only_vi"].url.replace("/tin-tuc/", "/en/news/")).status_code == 404


def test_checkout_redirects_keep_the_language(client, shop):
    # An empty basket cannot check out: Oscar sends the shopper back to it.
    response = client.get("/en/checkout/")
    assert response.status_code == 302 and response["Location"].startswith("/en/basket/")
    response = client.get("/checkout/")
    assert response.status_code == 302 and response["Location"].startswith("/basket/")
    # Account pages send a stranger to the login page of their language.
    response = client.get("/en/accounts/")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=/en/accounts/")
    response = client.get("/accounts/")
    assert response["Location"].startswith("/accounts/login/?next=/accounts/")


def test_external_addresses_keep_answering_at_their_bare_path(client, shop, settings):
    settings.OCOP_REGISTRY_WEBHOOK_SECRET = "s3cret"
    # The QR stamp's address: HTML and JSON, whatever the visitor's language settings.
    client.cookies["django_language"] = "en"
    verify = client.get("/verify/QN-2025-0042/", HTTP_ACCEPT_LANGUAGE="en")
    assert verify.status_code == 200 and html_lang(verify) == "vi"
    data = client.get("/verify/QN-2025-0042/", HTTP_ACCEPT="application/json",
                      HTTP_ACCEPT_LANGUAGE="en")
    assert data.status_code == 200 and data["Content-Type"].startswith("application/json")
    assert json.loads(data.content)["certificate_no"] == "QN-2025-0042"
    english = client.get("/en/verify/QN-2025-0042/")
    assert english.status_code == 200 and html_lang(english) == "en"
    for path in ("/catalogue/", "/search/?q=cha", "/showrooms/", "/sitemap.xml",
                 "/sitemap-products.xml", "/search/suggest/?q=cha", "/feeds/news/rss/"):
        assert client.get(path).status_code == 200, path
    # Machines: refused for their signature, never "not found" nor redirected.
    webhook = client.post("/registry/webhook/", data="{}", content_type="application/json")
    assert webhook.status_code in (400, 401, 403) and webhook["Content-Type"].startswith(
        "application/json")
    stripe = client.post("/checkout/stripe/webhook/", data="{}", content_type="application/json")
    assert stripe.status_code in (400, 401, 403, 503)


def test_staff_and_machine_addresses_are_outside_the_language_prefix(client, shop):
    for path in ("/en/dashboard/", "/en/admin/", "/en/cms/", "/en/registry/webhook/",
                 "/en/sitemap.xml", "/en/feeds/news/rss/"):
        assert client.get(path).status_code == 404, path
    assert client.get("/dashboard/").status_code == 302
    assert client.get("/admin/").status_code == 302
    assert client.get("/cms/").status_code == 302


def test_a_browser_preferring_english_still_gets_vietnamese_at_a_vietnamese_address(client, shop):
    for path in ("/", "/catalogue/", shop["product"].get_absolute_url(), shop["fair"].url):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9",
                              HTTP_ACCEPT="text/html,application/xhtml+xml")
        assert response.status_code == 200 and html_lang(response) == "vi", path


def test_a_visitor_who_chose_english_is_taken_to_the_english_page(client, shop):
    client.cookies["django_language"] = "en"
    browser = {"HTTP_ACCEPT": "text/html,application/xhtml+xml", "HTTP_SEC_FETCH_MODE": "navigate"}
    product = shop["product"].get_absolute_url()
    response = client.get(product + "?sort=newest", **browser)
    assert response.status_code == 302
    assert response["Location"] == f"/en{product}?sort=newest"
    assert "Cookie" in response["Vary"]
    # A Wagtail page goes to its translation (another slug), and stays put without one.
    assert client.get(shop["fair"].url, **browser)["Location"] == shop["fair_en"].url
    assert client.get(shop["only_vi"].url, **browser).status_code == 200
    # Only navigations asking for HTML: scripts, JSON clients and forms are answered in place.
    assert client.get(product).status_code == 200
    assert client.get(product, HTTP_ACCEPT="*/*").status_code == 200
    fetch = client.get(product, HTTP_ACCEPT="text/html", HTTP_SEC_FETCH_MODE="cors")
    assert fetch.status_code == 200
    assert client.get("/verify/QN-2025-0042/", HTTP_ACCEPT="application/json").status_code == 200
    # Choosing Vietnamese again ends the redirects.
    client.cookies["django_language"] = "vi"
    assert client.get(product, **browser).status_code == 200


def test_unprefixed_pages_tell_caches_they_depend_on_the_cookie(client, shop):
    assert "Cookie" in client.get("/catalogue/")["Vary"]


def test_news_feeds_one_pair_per_language_outside_the_prefix(client, shop):
    rss = client.get("/feeds/news/rss/").content.decode()
    assert "Hội chợ OCOP Quảng Ninh" in rss and "Quang Ninh OCOP fair" not in rss
    rss_en = client.get("/feeds/news/en/rss/").content.decode()
    assert "Quang Ninh OCOP fair" in rss_en and "Hội chợ OCOP Quảng Ninh" not in rss_en
    assert f"<link>https://ocop.example.vn{shop['fair_en'].url}</link>" in rss_en
    assert "<title>OCOP news</title>" in rss_en  # the feed speaks English too
    atom_en = client.get("/feeds/news/en/atom/").content.decode()
    assert "<feed" in atom_en and "Quang Ninh OCOP fair" in atom_en
    # Each news index announces its own language's feeds.
    assert 'href="/feeds/news/en/rss/"' in client.get(shop["index_en"].url).content.decode()
    assert 'href="/feeds/news/rss/"' in client.get(shop["index"].url).content.decode()
