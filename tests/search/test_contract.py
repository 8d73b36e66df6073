"""One contract for the search interface, run against every backend: the
database (SQLite, or PostgreSQL when DATABASE_URL says so) and Elasticsearch
(a server the test session starts on 127.0.0.1, or ELASTICSEARCH_URL)."""

import datetime as dt

import pytest
import time_machine

from catalogue.text import vietnamese_sort_key
from catalogue.validity import OCOP_TZ, local_today
from search.query import MAX_QUERY_WORDS, SearchQuery, parse_text
from search.services import hydrate
from tests.search.conftest import make

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["database", "elasticsearch"])
def backend(request, shelf):
    if request.param == "database":
        from search.backends.database import DatabaseBackend

        return DatabaseBackend()
    return request.getfixturevalue("elastic_backend")


def run(backend, q="", **kwargs):
    kwargs.setdefault("limit", 50)
    return backend.search(SearchQuery(text=parse_text(q), **kwargs))


def titles(backend, q="", **kwargs):
    return [p.title for p in hydrate(run(backend, q, **kwargs).ids)]


def facet(result, name):
    return {v.value: v.count for v in result.facets[name]}


def test_folded_phrase_finds_the_product_first(backend, shelf):
    assert titles(backend, "buoi do tan lac")[0] == "Bưởi đỏ Tân Lạc"
    assert titles(backend, "tra hoa vang") == ["Trà hoa vàng"]
    assert titles(backend, "dac san")[0] == "Đặc sản mắm tôm Đầm Hà"


def test_che_ranks_the_teas_first(backend, shelf):
    found = titles(backend, "che")
    assert set(found[:2]) == {"Chè Tân Cương", "Chè shan tuyết cổ thụ"}
    # Matches in the producer's name only come after every title match.
    assert found.index("Siro mơ") > found.index("Bánh chưng Bờ Đậu") or "Siro mơ" in found[2:]
    assert {"Siro mơ", "Nước mắm sá sùng"} <= set(found[2:])


def test_accented_query_ranks_exact_accents_first(backend, shelf):
    found = titles(backend, "bưởi")
    assert found[0] == "Bưởi đỏ Tân Lạc"
    assert set(found) == {"Bưởi đỏ Tân Lạc", "Buội rừng sấy", "Bánh bượi lá gai"}
    assert set(titles(backend, "buoi")) == set(found)


def test_equal_relevance_puts_the_shorter_title_then_name_order_first(backend, shelf):
    # Same tiers for "khô": the shorter title first, then Vietnamese name
    # order — "Ă" before "B", the reverse of their code points.
    for title in ("Mực khô nướng", "Bò khô", "Ăn khô"):
        make(title, province="02")
    if backend.name == "elasticsearch":
        from search.indexing import rebuild

        rebuild()
    assert titles(backend, "khô") == ["Ăn khô", "Bò khô", "Mực khô nướng"]


@pytest.mark.parametrize("typo, expected", [("buoii", "Bưởi đỏ Tân Lạc"),
                                            ("tra hao vang", "Trà hoa vàng")])
def test_typos_find_near_spellings(backend, shelf, typo, expected):
    result = run(backend, typo)
    assert result.fuzzy
    assert expected in [p.title for p in hydrate(result.ids)][:3]


@pytest.mark.parametrize("query", ["BƯỞI ĐỎ", "Buoi Do", "bUỞi đỎ", "  buoi   do  "])
def test_mixed_case_and_spaces(backend, shelf, query):
    assert titles(backend, query)[0] == "Bưởi đỏ Tân Lạc"


@pytest.mark.parametrize("query", ["' OR 1=1 --", "%", "_", "buoi%", "\\", "*:*", "tra~ AND (",
                                   "\"hoa\" vàng^3", "<script>", "[]{}/"])
def test_special_characters_are_only_text(backend, shelf, query):
    result = run(backend, query)
    words = parse_text(query).folded
    if not words:
        assert result.total == len(run(backend).ids)  # no words: no text filter
    for product in hydrate(result.ids):
        assert not product.title.startswith("Bưởi Diễn")


def test_very_long_query_is_capped(backend, shelf):
    text = parse_text("buoi " * 5000)
    assert text.truncated and len(text.words) == MAX_QUERY_WORDS
    assert set(titles(backend, "buoi " * 5000)) == {
        "Bưởi đỏ Tân Lạc", "Buội rừng sấy", "Bánh bượi lá gai"}


def test_empty_query_lists_everything_sellable(backend, shelf):
    result = run(backend)
    assert result.total == 15
    shown = {p.title for p in hydrate(result.ids)}
    assert not {t for t in shown if "hết hạn" in t or "thu hồi" in t or "chưa hiệu lực" in t}


def test_no_match(backend, shelf):
    result = run(backend, "sầu riêng xyz")
    assert result.total == 0 and result.ids == []


def test_vietnamese_name_order(backend, shelf):
    names = titles(backend, sort="name")
    assert names.index("Cà phê Robusta Đắk Hà") < names.index("Chè shan tuyết cổ thụ")
    assert names.index("Hà thủ ô đỏ") < names.index("Homestay Bản Lác")
    assert names.index("Gà đồi Tiên Yên") < names.index("Giò lụa Ước Lễ")
    assert names.index("Đặc sản mắm tôm Đầm Hà") > names.index("Chè Tân Cương")
    assert names == sorted(names, key=vietnamese_sort_key)


@pytest.mark.parametrize("sort, key", [
    ("price_asc", lambda p: p.stockrecords.all()[0].price),
    ("price_desc", lambda p: -p.stockrecords.all()[0].price),
    ("stars", lambda p: -p.ocop_stars),
])
def test_sorting(backend, shelf, sort, key):
    products = hydrate(run(backend, sort=sort).ids)
    assert [key(p) for p in products] == sorted(key(p) for p in products)


def test_newest_first(backend, shelf):
    products = hydrate(run(backend, sort="newest").ids)
    assert products[0].title == "Gà đồi Tiên Yên"


def test_pagination_is_a_partition(backend, shelf):
    pages = [run(backend, sort="name", offset=o, limit=4) for o in (0, 4, 8, 12)]
    ids = [pk for page in pages for pk in page.ids]
    assert len(ids) == len(set(ids)) == 15 and all(p.total == 15 for p in pages)
    assert ids == run(backend, sort="name").ids


@pytest.mark.parametrize("filters, expected", [
    ({"province": ("25",)}, {"Bưởi đỏ Tân Lạc", "Buội rừng sấy", "Siro mơ", "Homestay Bản Lác"}),
    ({"stars": (5,)}, {"Bưởi đỏ Tân Lạc", "Gà đồi Tiên Yên"}),
    ({"group": ("herbal",)}, {"Hà thủ ô đỏ"}),
    ({"producer_kind": ("household",)}, {"Buội rừng sấy"}),
    ({"price": ("0-100000",)}, {"Buội rừng sấy", "Bánh bượi lá gai"}),
    ({"price": ("1000000-",)}, {"Nước mắm sá sùng"}),
    ({"in_stock": True, "province": ("37",)}, set()),
    ({"province": ("25", "37"), "stars": (3,)}, {"Buội rừng sấy", "Siro mơ", "Homestay Bản Lác",
                                                  "Bánh bượi lá gai"}),
])
def test_filters(backend, shelf, filters, expected):
    assert set(titles(backend, **filters)) == expected


def test_showroom_filter(backend, shelf):
    showroom = shelf["showrooms"]["hoa_binh"]
    assert set(titles(backend, showroom=showroom.pk)) == {"Bưởi đỏ Tân Lạc", "Buội rừng sấy"}
    # Bánh bượi is listed at Hạ Long with nothing left.
    assert set(titles(backend, showroom=shelf["showrooms"]["ha_long"].pk)) == {"Trà hoa vàng"}


def test_facet_counts_ignore_their_own_filter(backend, shelf):
    result = run(backend, "buoi", province=("25",))
    assert result.total == 2
    assert facet(result, "province") == {"25": 2, "37": 1}
    assert facet(result, "stars") == {"5": 1, "3": 1}
    assert facet(result, "group") == {"food": 2}
    assert facet(result, "producer_kind") == {"cooperative": 1, "household": 1}
    assert facet(result, "price") == {"0-100000": 1, "100000-300000": 1}
    hoa_binh = str(shelf["showrooms"]["hoa_binh"].pk)
    assert facet(result, "showroom") == {hoa_binh: 2}
    assert facet(result, "in_stock") == {"1": 2}


def test_facet_counts_of_the_whole_catalogue(backend, shelf):
    result = run(backend)
    assert facet(result, "stars") == {"3": 8, "4": 5, "5": 2}
    assert sum(facet(result, "group").values()) == 15
    assert facet(result, "in_stock") == {"1": 14}


def test_category_path(backend, shelf, groups):
    assert set(titles(backend, category_path=groups["herbal"].path)) == {"Hà thủ ô đỏ"}


def test_expiry_at_local_midnight_without_reindex(backend, shelf):
    """The day after a certificate's last day (local time) the product is gone,
    whether or not anything was reindexed."""
    buoi = shelf["buoi"]
    certificate = buoi.certificates.get()
    last_day = certificate.expires_on
    # Valid until 23:59 local time on the last day (16:59 UTC) ...
    evening = dt.datetime.combine(last_day, dt.time(23, 59), tzinfo=OCOP_TZ)
    with time_machine.travel(evening, tick=False):
        assert local_today() == last_day
        assert buoi.pk in run(backend, "buoi do").ids
    with time_machine.travel(evening + dt.timedelta(minutes=2), tick=False):
        assert buoi.pk not in run(backend, "buoi do").ids
        assert buoi.pk not in run(backend).ids


def test_descriptions_are_searched_below_title_and_producer(backend, shelf):
    title = make("Mật ong Cao nguyên đá", province="02")
    producer = make("Mật ong bạc hà", province="02", producer="HTX Cao Nguyên Đá Hà Giang")
    described = make("Tam giác mạch sấy", province="02")
    described.description = ("<p>Trồng trên <strong>cao nguyên đá</strong> Đồng Văn "
                             "&amp; Mèo Vạc.</p>")
    described.save()
    if backend.name == "elasticsearch":
        from search.indexing import rebuild

        rebuild()
    assert titles(backend, "cao nguyen da") == [title.title, producer.title, described.title]
    assert titles(backend, "dong van") == [described.title]
    assert titles(backend, "mèo vạc") == [described.title]
    # Words split between the title and the description still match.
    assert titles(backend, "tam giac dong van") == [described.title]
    # Markup is not text.
    assert titles(backend, "strong") == []
    result = run(backend, "dong van", province=("02",))
    assert result.total == 1 and {v.value: v.count for v in result.facets["province"]} == {
        "02": 1}
