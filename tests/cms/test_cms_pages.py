"""Wagtail pages: the home page (groups, blocks, news teasers) and news."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image

from cms.models import HomePage, NewsIndexPage, NewsPage
from tests.factories import CertificateFactory, ProductFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")

pytestmark = pytest.mark.django_db


def at(year, month, day, hour=0, minute=0):
    return time_machine.travel(dt.datetime(year, month, day, hour, minute, tzinfo=VN), tick=False)


@pytest.fixture
def home():
    return HomePage.objects.get()


def certified(title, *, stars=4, group="food", **certificate):
    product = ProductFactory(title=title, group=group)
    CertificateFactory(product=product, stars=stars, **certificate)
    return product


def wagtail_image():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "#c98a00").save(buffer, "PNG")
    return Image.objects.create(title="Đồi chè", file=ImageFile(buffer, name="doi-che.png"))


def news(home):
    index = home.add_child(instance=NewsIndexPage(title="Tin tức OCOP", slug="tin-tuc"))
    for day, title in [(1, "Quảng Ninh công nhận 20 sản phẩm"), (5, "Hội chợ OCOP 2026"),
                       (9, "Thu hồi 10 chứng nhận"), (12, "Bắc Kạn sáp nhập Thái Nguyên")]:
        article = NewsPage(title=title, slug=f"tin-{day}", date=dt.date(2026, 11, day),
                           summary=f"Tóm tắt: {title}")
        index.add_child(instance=article)
    return index


def test_home_shows_intro_and_the_six_groups(client, home, groups):
    home.intro = "Đặc sản được chứng nhận OCOP."
    home.save()
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đặc sản được chứng nhận OCOP." in html
    assert html.count('class="group-tile"') == 6
    for category in groups.values():
        assert f'href="{category.get_absolute_url()}" data-group="{category.code}"' in html


def test_home_page_blocks_render(client, home, groups):
    image = wagtail_image()
    home.body = [
        ("hero", {"heading": "Tết này mua quà OCOP", "text": "Quà quê chính gốc.", "image": image,
                  "link_text": "Mua ngay", "link_url": "/catalogue/"}),
        ("heading", "Câu chuyện sản phẩm"),
        ("paragraph", "<p>Trà hoa vàng <b>Ba Chẽ</b>.</p>"),
        ("image", image),
    ]
    home.save()
    html = client.get("/").content.decode()
    assert "Tết này mua quà OCOP" in html
    assert 'href="/catalogue/">Mua ngay</a>' in html
    assert '<h2 class="h3 mt-2">Câu chuyện sản phẩm</h2>' in html
    assert "Trà hoa vàng <b>Ba Chẽ</b>." in html
    assert html.count("doi-che") >= 2  # two renditions


def test_product_grid_block_filters_by_group_and_stars_and_hides_lapsed(client, home, groups):
    five = certified("Bưởi đỏ Tân Lạc", stars=5, level="national")
    four = certified("Cam Cao Phong", stars=4)
    drink = certified("Trà hoa vàng", stars=5, group="beverage", level="national")
    lapsing = certified("Nước mắm sá sùng", stars=5, level="national",
                        issued_on=dt.date(2023, 10, 15), expires_on=dt.date(2026, 10, 15))
    home.body = [("products", {"heading": "Thực phẩm 5 sao", "group": "food", "stars": "5",
                               "sort": "newest", "limit": 8})]
    home.save()
    with at(2026, 10, 15, 23, 59):
        html = client.get("/").content.decode()
        assert "Thực phẩm 5 sao" in html
        assert five.get_absolute_url() in html and lapsing.get_absolute_url() in html
        assert four.get_absolute_url() not in html and drink.get_absolute_url() not in html
        assert f'href="{groups["food"].get_absolute_url()}">Xem thêm' in html
    with at(2026, 10, 16, 0, 0):
        html = client.get("/").content.decode()
    assert five.get_absolute_url() in html
    assert lapsing.get_absolute_url() not in html


def test_product_grid_block_limit(client, home, groups):
    for n in range(5):
        certified(f"Sản phẩm {n}")
    home.body = [("products", {"heading": "Mới", "group": "", "stars": "", "sort": "newest",
                               "limit": 3})]
    home.save()
    assert client.get("/").content.decode().count('class="product-card"') == 3


def test_home_without_news_has_no_news_section(client, home, groups):
    assert "Tin tức OCOP" not in client.get("/").content.decode()


def test_home_shows_the_latest_news(client, home, groups):
    news(home)
    html = client.get("/").content.decode()
    assert 'href="/tin-tuc/">Xem tất cả tin</a>' in html
    assert "Bắc Kạn sáp nhập Thái Nguyên" in html and "12/11/2026" in html
    assert "Quảng Ninh công nhận 20 sản phẩm" not in html  # only the three newest
    order = [html.index(t) for t in ("Bắc Kạn sáp nhập", "Thu hồi 10 chứng nhận", "Hội chợ")]
    assert order == sorted(order)


def test_unpublished_news_is_not_teased(client, home, groups):
    index = news(home)
    NewsPage.objects.filter(slug="tin-12").update(live=False)
    assert "Bắc Kạn sáp nhập Thái Nguyên" not in client.get("/").content.decode()
    assert "Bắc Kạn sáp nhập Thái Nguyên" not in client.get(index.url).content.decode()


def test_news_index_lists_articles_newest_first(client, home, groups):
    index = news(home)
    response = client.get("/tin-tuc/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Tin tức OCOP</h1>" in html
    assert html.index("Bắc Kạn sáp nhập") < html.index("Quảng Ninh công nhận")
    assert index.get_children().count() == 4


def test_news_index_empty_state(client, home, groups):
    home.add_child(instance=NewsIndexPage(title="Tin tức", slug="tin-tuc"))
    assert "Chưa có tin tức nào." in client.get("/tin-tuc/").content.decode()


def test_news_article(client, home, groups):
    news(home)
    article = NewsPage.objects.get(slug="tin-9")
    article.body = [("paragraph", "<p>Quảng Ninh thu hồi 10 giấy chứng nhận.</p>")]
    article.save()
    response = client.get("/tin-tuc/tin-9/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Thu hồi 10 chứng nhận</h1>" in html
    assert "09/11/2026" in html
    assert "Quảng Ninh thu hồi 10 giấy chứng nhận." in html
    assert 'href="/tin-tuc/">Tin tức OCOP</a>' in html


def test_layout_has_search_basket_showrooms_language_and_groups(client, home, groups):
    html = client.get("/").content.decode()
    assert 'action="/search/"' in html and 'name="q"' in html
    assert 'href="/basket/"' in html
    assert 'href="/showrooms/"' in html
    assert 'action="/i18n/setlang/"' in html
    assert 'value="en"' in html and 'value="vi"' in html
    assert '<html lang="vi"' in html
    nav = html[html.index('class="groupnav"'):html.index("</nav>", html.index('class="groupnav"'))]
    for category in groups.values():
        assert category.get_absolute_url() in nav
