"""English for every string of the search app (``search/locale/en``): each
Vietnamese source string in ``search/`` has a translation."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from search.facets import TITLES
from search.sorting import sort_choices

SEARCH = Path(__file__).resolve().parents[2] / "search"
SAME_IN_ENGLISH = {"%(low)s – %(high)s ₫"}


def source_strings() -> set[str]:
    found = set()
    for path in SEARCH.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        found.update(re.findall(r'\b_\(\s*"((?:[^"\\]|\\.)+)"', path.read_text()))
    return found


def test_the_scan_finds_the_strings():
    assert {"Phù hợp nhất", "Nhóm sản phẩm", "Tìm kiếm"} <= source_strings()


@pytest.mark.parametrize("source", sorted(source_strings()))
def test_every_search_string_has_english(source):
    with translation.override("en"):
        english = translation.gettext(source)
    if source in SAME_IN_ENGLISH:
        assert english == source
    else:
        assert english != source, f"no English for {source!r}"
        assert english.isascii() or "₫" in english or "…" in english or "–" in english


def test_labels_read_in_english_and_vietnamese():
    with translation.override("en"):
        assert dict((k, str(v)) for k, v in sort_choices())["relevance"] == "Best match"
        assert str(TITLES["price"]) == "Price range"
    with translation.override("vi"):
        assert dict((k, str(v)) for k, v in sort_choices())["relevance"] == "Phù hợp nhất"
