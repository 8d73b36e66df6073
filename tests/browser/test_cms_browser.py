"""An editor writes news in Wagtail, a moderator publishes it, a visitor reads it
(headless Debian Chromium via Playwright)."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from playwright.sync_api import expect

from cms.models import HomePage, NewsIndexPage, NewsPage
from cms.services import page_translation_publish
from tests.browser.support import artifacts_dir

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "mat-khau-bien-tap"


def account(django_user_model, username, group):
    user = django_user_model.objects.create_user(username, f"{username}@ocop.test", PASSWORD)
    user.groups.add(Group.objects.get(name=group))
    return user


def log_in(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/cms/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(base + "/cms/")


def test_editor_writes_moderator_publishes_visitor_reads(live_server, groups, page,
                                                         django_user_model):
    out = artifacts_dir()
    base = live_server.url
    account(django_user_model, "bientap", "Biên tập viên")
    account(django_user_model, "kiemduyet", "Kiểm duyệt")
    home = HomePage.objects.get(locale__language_code="vi")
    index = home.add_child(instance=NewsIndexPage(title="Tin tức OCOP", slug="tin-tuc"))
    index.save_revision().publish()
    connection.close()

    # The editor: a news article with a Vietnamese title, submitted for moderation.
    log_in(page, base, "bientap")
    page.goto(f"{base}/cms/pages/add/cms/newspage/{index.pk}/")
    page.fill("#id_title", "Hội chợ OCOP Đà Nẵng")
    page.locator("#id_title").blur()
    expect(page.locator("#id_slug")).to_have_value("hoi-cho-ocop-da-nang")
    page.fill("#id_date", "2026-11-20")
    page.fill("#id_summary", "Hơn 200 gian hàng đặc sản.")
    page.locator("#id_summary").blur()
    page.locator('[name="action-submit"]').evaluate("button => button.click()")
    page.wait_for_load_state("load")
    page.screenshot(path=out / "cms-editor-submitted.png", full_page=True)
    article = NewsPage.objects.get(title="Hội chợ OCOP Đà Nẵng")
    assert not article.live and article.slug == "hoi-cho-ocop-da-nang"
    connection.close()

    # The moderator approves; the page goes live.
    log_in(page, base, "kiemduyet")
    page.goto(f"{base}/cms/pages/{article.pk}/edit/")
    approve = 'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'
    page.locator(approve).first.evaluate("button => button.click()")
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    page.screenshot(path=out / "cms-moderator-approved.png", full_page=True)
    article.refresh_from_db()
    assert article.live
    connection.close()

    # A visitor finds it on the news index and the home page, at an ASCII URL.
    page.context.clear_cookies()
    page.goto(base + "/tin-tuc/")
    link = page.get_by_role("link", name="Hội chợ OCOP Đà Nẵng")
    expect(link).to_have_attribute("href", "/tin-tuc/hoi-cho-ocop-da-nang/")
    page.goto(base + "/")
    page.get_by_role("link", name="Hội chợ OCOP Đà Nẵng").first.click()
    page.wait_for_url(base + "/tin-tuc/hoi-cho-ocop-da-nang/")
    expect(page.locator("h1")).to_have_text("Hội chợ OCOP Đà Nẵng")
    page.screenshot(path=out / "cms-visitor-article.png", full_page=True)

    # Its English translation: the language switch keeps the visitor on the article.
    page_translation_publish(page=NewsPage.objects.get(pk=article.pk), language_code="en",
                             values={"title": "Da Nang OCOP fair", "summary": "200 stalls."})
    connection.close()
    page.locator('.language-switch button[value="en"]').click()
    page.wait_for_url(base + "/en/tin-tuc/hoi-cho-ocop-da-nang/")
    expect(page.locator("h1")).to_have_text("Da Nang OCOP fair")
    expect(page.locator("html")).to_have_attribute("lang", "en")
