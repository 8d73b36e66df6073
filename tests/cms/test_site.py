"""What the CMS tells visitors and machines: English pages, feeds, sitemap,
news search and filters, SEO tags, JSON-LD, menus, footer; bounded queries."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from catalogue.models import Certificate
from cms.models import StandardPage
from cms.navigation import FooterSettings, MainMenu
from tests.cms.conftest import certified, publish, wagtail_image

pytestmark = pytest.mark.django_db

SITE_URL = "https://sanpham-ocop.vn"


def jsonld(html):
    return [json.loads(m) for m in
            re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def test_news_feeds_list_live_articles_on_site_url(client, settings, make_news):
    settings.SITE_URL = SITE_URL
    make_news("Hội chợ OCOP Quảng Ninh", day=5)
    hidden = make_news("Bản nháp chưa duyệt", day=6)
    hidden.unpublish()
    for path, marker in (("/feeds/news/rss/", "<rss"), ("/feeds/news/atom/", "<feed")):
        response = client.get(path)
        body = response.content.decode()
        assert response.status_code == 200 and marker in body
        assert "Hội chợ OCOP Quảng Ninh" in body
        assert f"{SITE_URL}/tin-tuc/hoi-cho-ocop-quang-ninh/" in body
        assert "Bản nháp chưa duyệt" not in body
        assert "localhost" not in body and "example.com" not in body


def test_sitemap_lists_live_pages_and_sellable_products_only(client, settings, make_news, home,
                                                             groups):
    settings.SITE_URL = SITE_URL
    make_news("Hội chợ OCOP", day=5)
    draft = make_news("Bài chưa xuất bản", day=6)
    draft.unpublish()
    sold = certified("Bưởi đỏ Tân Lạc")
    revoked = certified("Rượu Ba kích")
    Certificate.objects.filter(product=revoked).update(status=Certificate.Status.REVOKED)
    pages = client.get("/sitemap-pages.xml").content.decode()
    assert f"<loc>{SITE_URL}/tin-tuc/hoi-cho-ocop/</loc>" in pages
    assert "bai-chua-xuat-ban" not in pages
    products = client.get("/sitemap-products.xml").content.decode()
    assert sold.get_absolute_url() in products and revoked.get_absolute_url() not in products


def test_news_search_ignores_diacritics_and_case(client, make_news):
    make_news("Hội chợ OCOP Quảng Ninh", day=5)
    make_news("Đánh giá sản phẩm 5 sao", day=6, summary="Hội đồng quốc gia")
    for query, found, absent in (
        ("hoi cho", "Hội chợ OCOP Quảng Ninh", "Đánh giá sản phẩm"),
        ("HỘI CHỢ", "Hội chợ OCOP Quảng Ninh", "Đánh giá sản phẩm"),
        ("danh gia", "Đánh giá sản phẩm 5 sao", "Hội chợ OCOP"),
        ("quoc gia", "Đánh giá sản phẩm 5 sao", "Hội chợ OCOP"),
    ):
        html = client.get("/tin-tuc/", {"q": query}).content.decode()
        assert found in html and absent not in html, query
    assert "Không có tin nào phù hợp." in client.get("/tin-tuc/", {"q": "xyz"}).content.decode()


def test_news_index_filters_by_province_and_tag_and_refuses_junk(client, make_news):
    qn = make_news("Quảng Ninh công nhận 20 sản phẩm", day=5, province="22")
    make_news("Phú Thọ mở điểm bán", day=6, province="25")
    qn.tags.add("công nhận")
    publish(qn)
    html = client.get("/tin-tuc/", {"province": "22"}).content.decode()
    assert "Quảng Ninh công nhận" in html and "Phú Thọ mở điểm bán" not in html
    html = client.get("/tin-tuc/", {"tag": "cong-nhan"}).content.decode()
    assert "Quảng Ninh công nhận" in html and "Phú Thọ mở điểm bán" not in html
    for junk in ({"province": "99'; --"}, {"page": "x" * 500}, {"tag": "\x00"},
                 {"q": "\x00" * 3}, {"page": "-1"}):
        assert client.get("/tin-tuc/", junk).status_code == 200, junk


def test_news_page_seo_canonical_opengraph_and_newsarticle(client, settings, make_news):
    settings.SITE_URL = SITE_URL
    article = make_news("Hội chợ OCOP 2026", day=5, author="Ban biên tập",
                        hero_image=wagtail_image(), summary="Hơn 200 gian hàng </script>")
    html = client.get(article.url).content.decode()
    assert f'<link rel="canonical" href="{SITE_URL}/tin-tuc/hoi-cho-ocop-2026/">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:image" content="' in html
    assert '<meta name="description" content="Hơn 200 gian hàng &lt;/script&gt;">' in html
    [ld] = jsonld(html)
    assert ld["@type"] == "NewsArticle" and ld["headline"] == "Hội chợ OCOP 2026"
    assert ld["datePublished"] == "2026-11-05" and ld["author"]["name"] == "Ban biên tập"
    assert ld["description"] == "Hơn 200 gian hàng </script>"  # escaped inside the element


def test_home_has_organization_jsonld_from_the_footer_settings(client, home, groups):
    footer = FooterSettings.for_site(Site.objects.get(is_default_site=True))
    footer.organisation = "Trung tâm Xúc tiến OCOP"
    footer.hotline = "1900 1234"
    footer.email = "lienhe@ocop.example.vn"
    footer.address = "Số 2 Ngọc Hà, Hà Nội"
    footer.business_registration = "Giấy CNĐKDN số 0101234567 do Sở KH&ĐT Hà Nội cấp"
    footer.moit_notice_url = "http://online.gov.vn/Home/WebDetails/1"
    footer.save()
    html = client.get("/").content.decode()
    [ld] = [d for d in jsonld(html) if d["@type"] == "Organization"]
    assert ld["name"] == "Trung tâm Xúc tiến OCOP" and ld["telephone"] == "1900 1234"
    assert 'href="tel:19001234"' in html and "Số 2 Ngọc Hà, Hà Nội" in html
    assert "0101234567" in html
    assert 'href="http://online.gov.vn/Home/WebDetails/1"' in html
    assert "Đã thông báo Bộ Công Thương" in html


def test_product_jsonld_has_offers_only_while_sellable(client, groups):
    product = certified("Bưởi đỏ Tân Lạc", stars=5, level="national")
    [ld] = [d for d in jsonld(client.get(product.get_absolute_url()).content.decode())
            if d["@type"] == "Product"]
    assert ld["name"] == "Bưởi đỏ Tân Lạc"
    assert ld["offers"]["price"] == "125000" and ld["offers"]["priceCurrency"] == "VND"
    Certificate.objects.filter(product=product).update(status=Certificate.Status.REVOKED)
    html = client.get(product.get_absolute_url()).content.decode()
    assert all("offers" not in d for d in jsonld(html))


def test_main_menu_and_policy_links_follow_the_readers_language(
    client, home, groups, news_index, english
):
    policy = publish(home.add_child(instance=StandardPage(title="Chính sách đổi trả")))
    site = Site.objects.get(is_default_site=True)
    MainMenu.objects.create(site=site, items=[
        ("page", {"page": news_index, "title": ""}),
        ("link", {"url": "/showrooms/", "title": "Điểm bán"}),
    ])
    FooterSettings.objects.create(site=site, policy_links=[("page", {"page": policy,
                                                                      "title": ""})])
    html = client.get("/").content.decode()
    menu = html[html.index('class="mainnav"'):]
    assert 'href="/tin-tuc/">Tin tức OCOP</a>' in menu and 'href="/showrooms/">Điểm bán' in menu
    assert 'href="/chinh-sach-doi-tra/">Chính sách đổi trả</a>' in html

    index_en = news_index.copy_for_translation(english, copy_parents=True)
    index_en.title = "OCOP news"
    publish(index_en)
    html = client.get("/en/").content.decode()
    assert 'href="/en/tin-tuc/">OCOP news</a>' in html[html.index('class="mainnav"'):]


def test_english_visitors_get_the_english_translation(client, home, groups, make_news, english):
    article = make_news("Hội chợ OCOP Quảng Ninh", day=5)
    article_en = article.copy_for_translation(english, copy_parents=True)
    article_en.title = "Quang Ninh OCOP fair"
    article_en.summary = "More than 200 stalls."
    publish(article_en)
    # The parents are copied as aliases of the Vietnamese pages, live at once.
    html = client.get("/en/").content.decode()
    assert "Quang Ninh OCOP fair" in html and "Hội chợ OCOP Quảng Ninh" not in html
    assert article_en.url == "/en" + article.url
    html = client.get(article_en.url).content.decode()
    assert "More than 200 stalls." in html and '<html lang="en"' in html
    assert '<meta property="og:locale" content="en_US">' in html


def _count(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_home_and_news_index_queries_do_not_grow_with_blocks_or_pages(client, home, groups,
                                                                      make_news):
    from tests.cms.test_blocks import every_home_block

    image = wagtail_image()
    picks = [certified(f"Sản phẩm {n}") for n in range(3)]
    for day in range(1, 4):
        make_news(f"Tin {day}", day=day, hero_image=image)
    home.body = every_home_block(image, picks)
    publish(home)
    client.get("/")  # renditions created once
    client.get("/tin-tuc/")
    small_home, small_index = _count(client, "/"), _count(client, "/tin-tuc/")

    picks += [certified(f"Sản phẩm thêm {n}") for n in range(6)]
    for day in range(4, 16):
        make_news(f"Tin {day}", day=day, hero_image=image).tags.add("hội chợ")
    home.body = every_home_block(image, picks) + [
        ("product_picks", {"heading": "Thêm", "products": picks}),
        ("products", {"heading": "Thêm nữa", "group": "", "stars": "", "province": "",
                      "sort": "newest", "limit": 24}),
    ]
    publish(home)
    client.get("/")
    client.get("/tin-tuc/")
    # Each added block costs its own few queries; more products or articles cost none.
    assert _count(client, "/") <= small_home + 8
    assert _count(client, "/tin-tuc/") == small_index
    assert small_home < 60 and small_index < 30
