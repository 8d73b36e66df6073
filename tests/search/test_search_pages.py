"""/catalogue/, a group's page and /search/: folding search, filters that keep
each other, sorting, pagination, counts and empty states."""

import datetime as dt
import re
from decimal import Decimal
from html import unescape

import pytest

from catalogue.models import Certificate
from catalogue.validity import local_today
from tests.factories import CertificateFactory, ProductFactory

pytestmark = pytest.mark.django_db


def certified(title, *, stars=4, province="22", group="food", price="125000", **certificate):
    product = ProductFactory(title=title, province_code=province, group=group,
                             stock={"price": Decimal(price)})
    level = Certificate.Level.NATIONAL if stars == 5 else Certificate.Level.PROVINCIAL
    CertificateFactory(product=product, stars=stars, level=level, **certificate)
    return product


def titles(response):
    return [p.title for p in response.context["products"]]


def links(response):
    return [unescape(href) for href in re.findall(r'href="(\?[^"]*)"', response.content.decode())]


def test_search_ignores_diacritics_and_case(client, groups):
    buoi = certified("Bưởi đỏ Tân Lạc", province="25")
    certified("Cam Cao Phong", province="25")
    for query in ["buoi do tan lac", "BƯỞI ĐỎ", "Buoi Do", "tân lạc"]:
        response = client.get("/search/", {"q": query})
        assert titles(response) == [buoi.title], query
    assert "Bưởi đỏ Tân Lạc" in client.get("/search/", {"q": "buoi do tan lac"}).content.decode()


def test_search_matches_producer_and_province(client, groups):
    product = certified("Gạo Nếp Tài", province="19")
    product.producer.name = "HTX Nông sản Bằng Phúc"
    product.producer.save()
    product.save()  # search_text is rebuilt on save
    certified("Chả mực Hạ Long")
    assert titles(client.get("/search/", {"q": "bang phuc"})) == ["Gạo Nếp Tài"]
    assert titles(client.get("/search/", {"q": "thai nguyen"})) == ["Gạo Nếp Tài"]


def test_search_empty_state_and_count(client, groups):
    certified("Chả mực Hạ Long")
    response = client.get("/search/", {"q": "sầu riêng"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Không tìm thấy sản phẩm nào cho “sầu riêng”." in html
    assert "0 sản phẩm" in html
    assert "1 sản phẩm" in client.get("/search/", {"q": "cha muc"}).content.decode()


def test_province_filter(client, groups):
    certified("Chả mực Hạ Long", province="22")
    certified("Cam Cao Phong", province="25")
    response = client.get("/catalogue/", {"province": "25"})
    assert titles(response) == ["Cam Cao Phong"]
    assert "Phú Thọ" in response.content.decode()


def test_five_star_filter_uses_the_stars_shown(client, groups):
    # Shown stars come from the valid certificate with the latest issue date.
    certified("Năm sao", stars=5)
    downgraded = certified("Xuống ba sao", stars=5, issued_on=dt.date(2022, 1, 1),
                           expires_on=dt.date(2025, 1, 1))
    CertificateFactory(product=downgraded, stars=3)
    upgraded = certified("Lên năm sao", stars=3, issued_on=dt.date(2024, 1, 1),
                         expires_on=dt.date(2027, 1, 1))
    CertificateFactory(product=upgraded, stars=5, level="national",
                       issued_on=local_today() - dt.timedelta(days=30))
    still_valid_older_five = certified(
        "Cũ năm sao, mới bốn sao", stars=5,
        issued_on=dt.date(2024, 1, 1), expires_on=dt.date(2027, 1, 1),
    )
    CertificateFactory(product=still_valid_older_five, stars=4,
                       issued_on=local_today() - dt.timedelta(days=10))
    certified("Bốn sao", stars=4)

    five = client.get("/catalogue/", {"stars": "5", "sort": "name"})
    assert titles(five) == ["Lên năm sao", "Năm sao"]
    assert all(p.ocop_stars == 5 for p in five.context["products"])
    assert titles(client.get("/catalogue/", {"stars": "3"})) == ["Xuống ba sao"]


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("price_asc", ["Rẻ", "Vừa", "Đắt"]),
        ("price_desc", ["Đắt", "Vừa", "Rẻ"]),
        ("stars", ["Vừa", "Đắt", "Rẻ"]),
        ("name", ["Đắt", "Rẻ", "Vừa"]),  # Vietnamese order: đ after d, before r
        ("newest", ["Vừa", "Đắt", "Rẻ"]),
    ],
)
def test_sorting(client, groups, sort, expected):
    certified("Rẻ", stars=3, price="50000")
    certified("Đắt", stars=4, price="900000")
    certified("Vừa", stars=5, price="125000")
    assert titles(client.get("/catalogue/", {"sort": sort})) == expected


def test_filters_and_pagination_keep_each_other(client, groups):
    for n in range(30):
        certified(f"Chả mực {n:02d}", stars=4, province="22")
    certified("Cam Cao Phong", stars=4, province="25")
    certified("Chả mực ba sao", stars=3, province="22")

    response = client.get("/search/", {"q": "cha muc", "province": "22", "stars": "4",
                                       "sort": "name", "per_page": "24"})
    assert response.context["paginator"].count == 30
    assert len(titles(response)) == 24
    html = response.content.decode()
    assert "30 sản phẩm" in html
    page_two = [link for link in links(response) if re.search(r"[?&]page=2(&|$)", link)]
    assert page_two, "a link to page 2"
    for link in page_two:
        for part in ["q=cha+muc", "province=22", "stars=4", "sort=name", "per_page=24"]:
            assert part in link
    second = client.get("/search/" + page_two[0])
    assert titles(second) == [f"Chả mực {n:02d}" for n in range(24, 30)]
    # Removing one filter keeps the others (and goes back to page 1).
    remove_stars = [link for link in links(second) if "stars" not in link and "province=22" in link]
    assert remove_stars and not re.search(r"[?&]page=", remove_stars[0])
    assert "q=cha+muc" in remove_stars[0]


def test_page_size_48(client, groups):
    for n in range(50):
        certified(f"Sản phẩm {n:02d}")
    response = client.get("/catalogue/", {"per_page": "48"})
    assert len(titles(response)) == 48
    assert response.context["paginator"].num_pages == 2


def test_out_of_range_page_shows_the_last_page(client, groups):
    certified("Chả mực Hạ Long")
    response = client.get("/catalogue/", {"page": "9"})
    assert response.status_code == 200
    assert titles(response) == ["Chả mực Hạ Long"]


def test_invalid_filter_is_explained_and_the_others_still_apply(client, groups):
    certified("Chả mực Hạ Long", province="22")
    certified("Cam Cao Phong", province="25")
    response = client.get("/catalogue/", {"stars": "7", "province": "25"})
    assert response.status_code == 200
    assert titles(response) == ["Cam Cao Phong"]
    html = response.content.decode()
    assert "Một số bộ lọc không hợp lệ và đã được bỏ qua" in html
    assert "Hạng sao" in html


def test_group_page_lists_only_its_group(client, groups):
    certified("Chả mực Hạ Long", group="food")
    certified("Trà hoa vàng", group="beverage")
    response = client.get(groups["beverage"].get_absolute_url())
    assert titles(response) == ["Trà hoa vàng"]
    assert "<h1>Đồ uống</h1>" in response.content.decode()


def test_group_page_with_an_old_slug_redirects_keeping_the_filters(client, groups):
    food = groups["food"]
    response = client.get(f"/catalogue/category/old-slug_{food.pk}/", {"stars": "5"})
    assert response.status_code == 301
    assert response["Location"] == f"{food.get_absolute_url()}?stars=5"


def test_empty_group_shows_an_empty_state(client, groups):
    response = client.get(groups["textile"].get_absolute_url())
    assert "Không tìm thấy sản phẩm nào phù hợp." in response.content.decode()


def test_card_shows_stars_producer_province_price_and_add_button(client, groups):
    product = certified("Bưởi đỏ Tân Lạc", stars=5, province="25")
    html = client.get("/catalogue/").content.decode()
    assert "5 sao" in html
    assert product.producer.name in html
    assert "Phú Thọ" in html
    assert "125.000\xa0₫" in html
    assert f'action="/basket/add/{product.pk}/"' in html
    assert "image_not_found.jpg" in html  # placeholder, no thumbnail
