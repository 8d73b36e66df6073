"""The consumer pages without jQuery, Bootstrap's plugins or Oscar's ui.js: what they
did for these pages, done by static/ocop/js/site.js or by plain HTML."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def add_to_basket(page, base, product):
    page.goto(base + product.get_absolute_url())
    page.locator("#add_to_basket_form button[type=submit]").click()
    page.wait_for_load_state()


def test_pages_load_only_the_shops_own_small_scripts(live_server, storefront, page):
    scripts = []
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    page.goto(live_server.url + storefront["buoi"].get_absolute_url())
    page.wait_for_load_state("load")

    assert page.evaluate("typeof window.jQuery") == "undefined"
    # site.js, the search box's suggestions and the nearest showroom: no jQuery, no Bootstrap.
    assert sorted(url.rsplit("/", 1)[-1] for url in scripts) == [
        "autocomplete.js", "nearest.js", "site.js"]


def test_messages_close_and_basket_buttons_work(live_server, storefront, page):
    base = live_server.url
    add_to_basket(page, base, storefront["buoi"])
    messages = page.locator("#messages .alert")
    expect(messages.first).to_be_visible()
    shown = messages.count()
    messages.first.get_by_role("button", name="Đóng thông báo").click()
    expect(messages).to_have_count(shown - 1)
    add_to_basket(page, base, storefront["cam"])

    page.goto(base + "/basket/")
    lines = page.locator("#basket_formset .basket-items")
    expect(lines).to_have_count(2)
    voucher = page.locator("details#voucher")
    assert voucher.get_attribute("open") is None
    page.goto(base + "/basket/#voucher")  # where Oscar returns after a voucher error
    expect(voucher.locator("#voucher_form")).to_be_visible()

    # A double click on "Cập nhật" sends the form once and says it is at work.
    posts = []
    # 204 No Content: the browser stays on the page, as while a slow answer is on its way.
    page.route("**/basket/", lambda route: (posts.append(1), route.fulfill(status=204))
               if route.request.method == "POST" else route.continue_())
    update = page.locator("#basket_formset button[data-loading-text]").first
    update.dblclick()
    expect(update).to_be_disabled()
    expect(update).to_have_text("Đang cập nhật...")
    assert len(posts) == 1
    page.unroute("**/basket/")

    page.goto(base + "/basket/")
    page.locator("#basket_formset .basket-items").first.get_by_role("button", name="Xóa").click()
    page.wait_for_load_state()
    expect(page.locator("#basket_formset .basket-items")).to_have_count(1)


def test_checkout_gateway_asks_a_password_only_of_account_holders(live_server, storefront, page):
    add_to_basket(page, live_server.url, storefront["buoi"])
    page.goto(live_server.url + "/checkout/")
    password = page.locator("#id_password")
    expect(password).to_be_disabled()
    page.locator("#id_options_2").check()
    expect(password).to_be_enabled()
    page.locator("#id_options_1").check()
    expect(password).to_be_disabled()
