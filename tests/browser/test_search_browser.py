"""A shopper searches without diacritics in Chromium: suggestions as they
type, picked with the keyboard; then results narrowed to 4★ and a product
opened. The page keeps the Content-Security-Policy (no violation)."""

import pytest

from tests.browser.support import certified

pytestmark = [
    pytest.mark.browser,
    # Wagtail's pages come from migrations: put them back for the next live-server test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def pomelos(groups):
    return {
        "tan_lac": certified("Bưởi đỏ Tân Lạc", stars=5, province="25"),
        "dien": certified("Bưởi Diễn", stars=4, province="01", colour="#f1c40f"),
        "cam": certified("Cam Cao Phong", stars=4, province="25", colour="#e67e22"),
    }


def test_type_buoi_pick_a_suggestion_filter_four_stars_open_the_product(
    live_server, pomelos, page
):
    page.goto(live_server.url + "/catalogue/")
    box = page.locator("#site-search-q")
    box.click()
    box.press_sequentially("buoi", delay=30)
    options = page.locator("[role=listbox] [role=option]")
    options.first.wait_for()
    assert sorted(options.all_inner_texts()) == ["Bưởi Diễn", "Bưởi đỏ Tân Lạc"]
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    first = options.first.inner_text()
    box_url = page.url
    box.press("Enter")
    page.wait_for_url(lambda url: "/catalogue/" in url and url != box_url)
    assert page.locator("h1").first.inner_text().strip() == first

    # Back to the results: the box is a plain form, then the 4★ facet.
    page.goto(live_server.url + "/catalogue/")
    page.locator("#site-search-q").fill("buoi")
    page.locator("form.site-search button[type=submit]").click()
    page.wait_for_url(lambda url: "/search/" in url)
    assert page.url.endswith("/search/?q=buoi"), page.url
    page.locator("fieldset[data-facet=stars] label", has_text="4 sao").click()
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url(lambda url: "stars=4" in url)
    cards = page.locator(".card-title a")
    assert cards.all_inner_texts() == ["Bưởi Diễn"]
    assert page.locator(".card-title mark").first.inner_text() == "Bưởi"
    assert page.locator(".chip", has_text="4 sao").count() == 1
    cards.first.click()
    page.wait_for_url(f"**{pomelos['dien'].get_absolute_url()}")
    assert page.evaluate("window.__cspViolations") == []
