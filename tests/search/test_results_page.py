"""The results page: facets with counts, removable chips, highlights, the
query cap, "did you mean", the suggest endpoint, bounded queries."""

import json
import re

import pytest

pytestmark = pytest.mark.django_db


def html(response):
    assert response.status_code == 200
    return response.content.decode()


def test_facets_counts_and_toggle_links(client, shelf):
    page = html(client.get("/search/", {"q": "buoi"}))
    assert re.search(r'name="province" value="25">\s*<label[^>]*>Phú Thọ <span[^>]*>\(2\)', page)
    assert 'name="stars" value="3"' in page and "Hộ kinh doanh" in page
    # A showroom facet is a plain link: no JavaScript needed.
    hoa_binh = shelf["showrooms"]["hoa_binh"]
    assert f'href="?q=buoi&amp;showroom={hoa_binh.pk}"' in page


def test_chips_remove_one_filter_and_keep_the_others(client, shelf):
    response = client.get("/search/", {"q": "buoi", "province": ["25", "37"], "stars": "3"})
    page = html(response)
    assert {p.title for p in response.context["products"]} == {"Buội rừng sấy", "Bánh bượi lá gai"}
    chips = re.findall(r'class="badge badge-light border chip" href="([^"]+)"', page)
    assert "?q=buoi&amp;province=37&amp;stars=3" in chips  # Phú Thọ removed
    assert "?q=buoi&amp;province=25&amp;province=37" in chips  # 3 sao removed


def test_matches_are_highlighted_and_escaped(client, shelf):
    page = html(client.get("/search/", {"q": "buoi tan"}))
    assert "<mark>Bưởi</mark> đỏ <mark>Tân</mark> Lạc" in page
    page = html(client.get("/search/", {"q": "<b>buoi</b>"}))
    assert "<b>buoi</b>" not in page


def test_the_query_cap_is_stated(client, shelf):
    page = html(client.get("/search/", {"q": "buoi " * 400}))
    assert "Chỉ tìm theo 8 từ đầu tiên (tối đa 100 ký tự)" in page


def test_typo_notice_and_did_you_mean(client, shelf):
    page = html(client.get("/search/", {"q": "buoii"}))
    assert "tên gần giống" in page and "Bưởi đỏ Tân Lạc" in page
    page = html(client.get("/search/", {"q": "tra qqqqzzzz"}))
    assert re.search(r'Có phải bạn muốn tìm:\s*<a href="\?q=tra">tra</a>', page), page[-3000:]


def test_invalid_filters_are_ignored_with_a_reason(client, shelf):
    page = html(client.get("/catalogue/", {"stars": "9", "province": "xx", "showroom": "abc",
                                          "price": "1-2", "page": "-1"}))
    assert "Một số bộ lọc không hợp lệ và đã được bỏ qua" in page
    assert "15 sản phẩm" in page


def test_suggest_endpoint(client, shelf):
    response = client.get("/search/suggest/", {"q": "buoi d"})
    data = json.loads(response.content)
    assert data["results"][0]["title"] == "Bưởi đỏ Tân Lạc"
    assert data["results"][0]["html"] == "<mark>Bưởi</mark> <mark>đ</mark>ỏ Tân Lạc"
    assert data["results"][0]["url"] == shelf["buoi"].get_absolute_url()
    assert all("hết hạn" not in r["title"] for r in json.loads(
        client.get("/search/suggest/", {"q": "buoi"}).content)["results"])
    assert json.loads(client.get("/search/suggest/", {"q": "x" * 5000}).content)["results"] == []


def test_group_page_keeps_its_filters(client, shelf, groups):
    response = client.get(groups["beverage"].get_absolute_url(), {"stars": "4"})
    assert {p.title for p in response.context["products"]} == {
        "Trà hoa vàng", "Chè Tân Cương", "Cà phê Robusta Đắk Hà"}


@pytest.mark.parametrize("per_page", [24, 96])
def test_bounded_queries_whatever_the_page_size(client, shelf, per_page,
                                               django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        html(client.get("/search/", {"q": "buoi", "per_page": per_page, "in_stock": "on"}))
    with django_assert_max_num_queries(30):
        html(client.get("/catalogue/", {"per_page": per_page, "sort": "name"}))
