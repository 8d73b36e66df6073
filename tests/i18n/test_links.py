"""The two languages point at each other: hreflang and canonical in <head>, the
language switch, the sitemap's alternates; the English catalogue is complete and
Django admin's Vietnamese is right."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.contrib.auth import get_user_model

from catalogue.models import Certificate

from .conftest import SITE_URL

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def head_links(html: str) -> tuple[str, dict[str, str]]:
    """(canonical, {hreflang: href}) of a page's <head>."""
    head = html[: html.index("</head>")]
    canonical = re.findall(r'<link rel="canonical" href="([^"]+)">', head)
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', head))
    assert len(canonical) == 1, canonical
    return canonical[0], alternates


def pages(client, path) -> tuple[str, dict[str, str]]:
    response = client.get(path)
    assert response.status_code == 200, path
    return head_links(response.content.decode())


@pytest.mark.parametrize("kind", ["product", "catalogue", "showroom", "search", "article", "home"])
def test_hreflang_pairs_point_at_each_other(client, shop, kind):
    vietnamese, english = {
        "product": (shop["product"].get_absolute_url(), "/en" + shop["product"].get_absolute_url()),
        "catalogue": ("/catalogue/?page=2&sort=newest", "/en/catalogue/?page=2&sort=newest"),
        "showroom": ("/showrooms/ocop-ha-long/", "/en/showrooms/ocop-ha-long/"),
        "search": ("/search/?q=cha+muc", "/en/search/?q=cha+muc"),
        "article": (shop["fair"].url, shop["fair_en"].url),
        "home": ("/", "/en/"),
    }[kind]
    # Absolute on SITE_URL; the query keeps only what names other content (q, page).
    query = {"catalogue": "?page=2", "search": "?q=cha+muc"}.get(kind, "")
    vi_url = SITE_URL + vietnamese.split("?")[0] + query
    en_url = SITE_URL + english.split("?")[0] + query
    canonical, alternates = pages(client, vietnamese)
    assert canonical == vi_url
    assert alternates == {"vi": vi_url, "en": en_url, "x-default": vi_url}
    canonical, alternates = pages(client, english)
    assert canonical == en_url
    assert alternates == {"vi": vi_url, "en": en_url, "x-default": vi_url}


def test_an_untranslated_article_claims_no_english_version(client, shop):
    canonical, alternates = pages(client, shop["only_vi"].url)
    assert canonical == SITE_URL + shop["only_vi"].url
    assert alternates == {}


def test_og_url_is_the_canonical_address(client, shop):
    html = client.get(shop["fair_en"].url).content.decode()
    assert f'<meta property="og:url" content="{SITE_URL}{shop["fair_en"].url}">' in html


def switch(client, path: str, language: str):
    """Press the language switch's button for ``language`` on the page at ``path``."""
    html = client.get(path).content.decode()
    form = html[html.index('class="language-switch'):]
    form = form[: form.index("</form>")]
    action = re.search(r'action="([^"]+)"', form).group(1)
    fields = dict(re.findall(r'<input name="(\w+)" type="hidden" value="([^"]*)"', form))
    assert f'name="language" value="{language}"' in form
    return client.post(action, {**fields, "language": language})


def test_the_switch_leads_to_the_translated_page_and_remembers_the_choice(client, shop):
    response = switch(client, shop["fair"].url, "en")
    assert response.status_code == 302 and response["Location"] == shop["fair_en"].url
    assert response.cookies["django_language"].value == "en"
    # And back from the English article (another slug) to the Vietnamese one.
    response = switch(client, shop["fair_en"].url, "vi")
    assert response["Location"] == shop["fair"].url
    assert response.cookies["django_language"].value == "vi"


def test_the_switch_on_an_untranslated_article_leads_to_the_nearest_translated_parent(
    client, shop
):
    assert switch(client, shop["only_vi"].url, "en")["Location"] == shop["index_en"].url


def test_the_switch_keeps_the_route_and_the_query_elsewhere(client, shop):
    product = shop["product"].get_absolute_url()
    response = switch(client, product + "?sort=newest", "en")
    assert response["Location"] == f"/en{product}?sort=newest"
    response = switch(client, "/en/catalogue/?page=2", "vi")
    assert response["Location"] == "/catalogue/?page=2"


def test_set_language_translates_a_plain_next_both_ways(client, shop):
    """A ``next`` in either language, or none that names a page of ours."""
    product = shop["product"].get_absolute_url()
    response = client.post("/i18n/setlang/", {"language": "en", "next": product})
    assert response["Location"] == "/en" + product
    response = client.post("/i18n/setlang/", {"language": "vi", "next": "/en" + product})
    assert response["Location"] == product
    response = client.post("/i18n/setlang/", {"language": "en", "next": shop["fair"].url})
    assert response["Location"] == shop["fair_en"].url
    # Another site is never a destination.
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/en/"
    response = client.post("/i18n/setlang/", {"language": "en", "next": "//evil.example/x/"})
    assert not response["Location"].startswith("//")


def sitemap_urls(client, section) -> dict[str, dict[str, str]]:
    """location -> {hreflang: href} of one sitemap section."""
    xml = client.get(f"/sitemap-{section}.xml").content.decode()
    urls = {}
    for block in re.findall(r"<url>(.*?)</url>", xml, re.S):
        location = re.search(r"<loc>([^<]+)</loc>", block).group(1)
        urls[location] = dict(
            re.findall(r'<xhtml:link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', block)
        )
    return urls


def test_sitemap_lists_every_url_in_both_languages_with_alternates(client, shop):
    product = shop["product"].get_absolute_url()
    vi, en = SITE_URL + product, SITE_URL + "/en" + product
    products = sitemap_urls(client, "products")
    assert products == {
        vi: {"vi": vi, "en": en, "x-default": vi},
        en: {"vi": vi, "en": en, "x-default": vi},
    }
    showrooms = sitemap_urls(client, "showrooms")
    assert f"{SITE_URL}/en/showrooms/ocop-ha-long/" in showrooms
    assert len(sitemap_urls(client, "groups")) == 12  # six groups, two languages
    pages = sitemap_urls(client, "pages")
    fair, fair_en = SITE_URL + shop["fair"].url, SITE_URL + shop["fair_en"].url
    assert pages[fair] == pages[fair_en] == {"vi": fair, "en": fair_en, "x-default": fair}
    assert pages[SITE_URL + "/"]["en"] == SITE_URL + "/en/"
    assert pages[SITE_URL + shop["only_vi"].url] == {}
    assert not [url for url in pages if "/tap-huan-chu-the/" in url and "/en/" in url]


def test_sitemap_still_lists_only_sellable_products(client, shop):
    Certificate.objects.filter(product=shop["product"]).update(
        status=Certificate.Status.REVOKED)
    assert sitemap_urls(client, "products") == {}


def test_english_catalogue_has_no_untranslated_or_fuzzy_entry():
    with open(ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po", "rb") as po:
        catalog = read_po(po)
    untranslated, fuzzy = [], []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert len(catalog) > 500
    assert untranslated == [] and fuzzy == []


def test_django_admin_history_reads_lich_su(client, shop):
    admin = get_user_model().objects.create_superuser("quantri", "quantri@example.vn", "x")
    client.force_login(admin)
    certificate = shop["certificate"]
    html = client.get(f"/admin/catalogue/certificate/{certificate.pk}/change/").content.decode()
    assert "Lịch sử" in html and "Bản ghi nhớ" not in html
    html = client.get(f"/admin/catalogue/certificate/{certificate.pk}/history/").content.decode()
    assert "Lịch sử thay đổi: QN-2025-0042" in html
    html = client.get("/admin/").content.decode()
    assert "Quản trị hệ thống" in html and "Site quản trị hệ thống." not in html
    assert "Lượt đồng bộ với hệ thống OCOP" in html


def test_addresses_editors_type_follow_the_readers_language(client, shop):
    from wagtail.models import Site

    from cms.navigation import FooterSettings, MainMenu

    site = Site.objects.get(is_default_site=True)
    MainMenu.objects.create(site=site, items=[
        ("link", {"url": "/showrooms/?province=22", "title": "Điểm bán", "title_en": "Showrooms"}),
        ("link", {"url": "/tin-tuc/", "title": "Tin tức"}),
        ("link", {"url": "/tin-tuc/tap-huan-chu-the/", "title": "Tập huấn"}),
        ("link", {"url": "https://ocop.gov.vn/", "title": "Cổng OCOP"}),
        ("page", {"page": shop["index"], "title": "Tin mới"}),
    ])
    FooterSettings.objects.create(site=site, policy_links=[
        ("link", {"url": "/catalogue/", "title": "Sản phẩm"}),
    ])

    def menu(path):
        html = client.get(path).content.decode()
        nav = html[html.index('class="mainnav"'):]
        links = re.findall(r'href="([^"]+)"', nav[: nav.index("</nav>")])
        footer = html[html.index("footer-links"):]
        return links, re.findall(r'href="([^"]+)"', footer[: footer.index("</ul>")])

    links, footer = menu("/")
    assert links == ["/showrooms/?province=22", "/tin-tuc/", "/tin-tuc/tap-huan-chu-the/",
                     "https://ocop.gov.vn/", "/tin-tuc/"]
    assert '>Tin mới</a>' in client.get("/").content.decode()
    assert "/catalogue/" in footer
    links, footer = menu("/en/")
    # A route under /en/, a translated page at its English address; an untranslated
    # page and another site as typed.
    assert links == ["/en/showrooms/?province=22", "/en/news/", "/tin-tuc/tap-huan-chu-the/",
                     "https://ocop.gov.vn/", "/en/news/"]
    # The label typed for a page is Vietnamese: English readers see the translation's title.
    html = client.get("/en/").content.decode()
    assert '>OCOP news</a>' in html and '>Tin mới</a>' not in html
    # Labels typed for English are shown on English pages; without one, the Vietnamese.
    assert '>Showrooms</a>' in html and '>Điểm bán</a>' not in html and '>Tin tức</a>' in html
    assert '>Điểm bán</a>' in client.get("/").content.decode()
    assert "/en/catalogue/" in footer and "/catalogue/" not in footer


def test_sitemap_of_pages_asks_a_bounded_number_of_queries(client, shop):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cms.models import NewsPage

    from .conftest import publish, translate

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/sitemap-pages.xml").status_code == 200
        return len(queries)

    english = shop["fair_en"].locale
    count()  # site root paths cached once
    few = count()
    for day in range(10, 16):
        article = publish(shop["index"].add_child(instance=NewsPage(
            title=f"Tin {day}", slug=f"tin-{day}", date=f"2026-11-{day}", summary="Tóm tắt")))
        translate(article, english, title=f"News {day}", slug=f"news-{day}")
    assert len(sitemap_urls(client, "pages")) == 8 + 12  # two languages of six more articles
    assert count() <= few
