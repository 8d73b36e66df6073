"""Every consumer page runs under the Content-Security-Policy without a violation:
no inline script, handler or style attribute is left, and Oscar's page set-up
(site.js) still runs."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from cms.models import HomePage, NewsIndexPage, NewsPage
from shops.models import Partner
from tests.browser.support import artifacts_dir

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def news(storefront):
    index = HomePage.objects.get().add_child(
        instance=NewsIndexPage(title="Tin tức OCOP", slug="tin-tuc")
    )
    article = NewsPage(title="Hội chợ OCOP 2026", slug="hoi-cho-ocop", date=dt.date(2026, 11, 5),
                       summary="Hội chợ tại Hòa Bình.",
                       body=[("paragraph", "<p>Hơn 300 sản phẩm OCOP.</p>")])
    index.add_child(instance=article)
    return index, article


def consumer_pages(storefront, groups, news):
    index, article = news
    showroom = Partner.objects.get(slug="ocop-hoa-binh")
    return {
        "home": "/",
        "catalogue": reverse("catalogue:index"),
        "group": groups["food"].get_absolute_url(),
        "product": storefront["buoi"].get_absolute_url(),
        "product gone": storefront["cha_muc"].get_absolute_url(),
        "search": reverse("search:search") + "?q=buoi+do",
        "showrooms": reverse("showrooms:list"),
        "showroom": showroom.get_absolute_url(),
        "verify": "/verify/HB-2025-0005/",
        "login/register": reverse("customer:login"),
        "password reset": reverse("password-reset"),
        "news index": index.url,
        "news": article.url,
        "not found": "/khong-co-trang-nay/",
    }


def problems_on(page, url, console) -> list[str]:
    console.clear()
    response = page.goto(url)
    page.wait_for_load_state("load")
    policy = response.headers.get("content-security-policy", "")
    found = []
    if "script-src 'self';" not in policy + ";" or "unsafe" in policy:
        found.append(f"policy: {policy!r}")
    page.wait_for_timeout(100)  # violation events are dispatched after the fact
    found += page.evaluate("window.__cspViolations")
    found += [text for text in console if "Content Security Policy" in text or "Error" in text]
    if not page.evaluate("document.documentElement.classList.contains('js')"):
        found.append("site scripts did not load")
    return found


def test_every_consumer_page_loads_without_a_csp_violation(
    live_server, storefront, groups, news, page
):
    console = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: console.append(f"Error: {error}"))
    pages = consumer_pages(storefront, groups, news)
    connection.close()

    report = {name: problems_on(page, live_server.url + path, console)
              for name, path in pages.items()}
    assert page.locator("h1").inner_text()  # the 404 page is our layout, too

    # The basket, with a line in it.
    page.goto(live_server.url + storefront["buoi"].get_absolute_url())
    page.locator("#add_to_basket_form button[type=submit]").click()
    page.wait_for_load_state()
    report["basket"] = problems_on(page, live_server.url + "/basket/", console)
    expect(page.locator(".basket-items")).to_have_count(1)
    page.screenshot(path=str(artifacts_dir() / "basket-csp.png"), full_page=True)

    # The quantity form is a plain form: the page comes back with the new quantity.
    page.locator("#basket_formset input[name$='-quantity']").fill("2")
    page.locator("#basket_formset button[type=submit]").first.click()
    expect(page.locator("#basket_formset input[name$='-quantity']")).to_have_value("2")
    report["basket update"] = page.evaluate("window.__cspViolations") + [
        text for text in console if "Content Security Policy" in text or "Error" in text
    ]

    assert {name: found for name, found in report.items() if found} == {}


def test_the_product_page_quantity_box_is_styled_from_css(live_server, storefront, page):
    page.goto(live_server.url + storefront["buoi"].get_absolute_url())
    quantity = page.locator("#add_to_basket_form input[type=number]")
    assert quantity.get_attribute("style") is None
    assert quantity.evaluate("element => getComputedStyle(element).width") == "96px"  # 6rem
    assert page.evaluate("window.__cspViolations") == []


def test_staff_screens_load_without_a_csp_violation_under_their_policies(
    live_server, groups, page, django_user_model
):
    """Django admin under the site's policy; Oscar's dashboard and Wagtail's admin
    under the relaxations of STAFF_CSP, which must be all they need."""
    boss = django_user_model.objects.create_superuser("quantri", "quantri@ocop.test", "mk-1234567")
    client = Client()
    client.force_login(boss)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])
    home_id = HomePage.objects.get().pk
    connection.close()
    report = {}
    for path in ["/admin/", "/admin/catalogue/syncrun/", "/admin/auth/user/add/",
                 "/dashboard/", "/dashboard/catalogue/", "/dashboard/orders/",
                 "/cms/", "/cms/pages/", f"/cms/pages/{home_id}/edit/"]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        report[path] = page.evaluate("window.__cspViolations")
    assert {path: found for path, found in report.items() if found} == {}
