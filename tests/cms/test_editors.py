"""Editors and moderators: what they may reach, moderation, scheduling, slugs."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.models import NewsPage
from cms.slugs import ascii_slug
from tests.cms.conftest import VN, at

pytestmark = pytest.mark.django_db


def member(django_user_model, group, username):
    user = django_user_model.objects.create_user(username, f"{username}@ocop.test", "mat-khau-1")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(django_user_model):
    return member(django_user_model, "Biên tập viên", "bientap")


@pytest.fixture
def moderator(django_user_model):
    return member(django_user_model, "Kiểm duyệt", "kiemduyet")


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _concrete(route: str) -> str:
    """A URL for a route or regex: every parameter filled with a plausible value."""
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)
    route = re.sub(r"<int:\w+>", "1", route)
    route = re.sub(r"<(?:slug|str|path):\w+>|<\w+>", "x", route)
    route = route.replace("^", "").replace("$", "").replace("\\", "")
    return "/" + route


def staff_urls():
    routes = {_concrete(r) for r in _walk(get_resolver().url_patterns)}
    # Public by design: the login and logout screens themselves, and treebeard's
    # JavaScript translation catalogue (plain text for the admin's widgets).
    public = ("/admin/login/", "/admin/logout/", "/dashboard/login/", "/dashboard/logout/")
    return sorted(r for r in routes if r.startswith(("/dashboard/", "/admin/"))
                  and r not in public and not r.endswith("/jsi18n/"))


def test_every_dashboard_and_admin_url_is_closed_to_editors(client, editor, moderator):
    urls = staff_urls()
    assert len(urls) > 100  # the walk found Oscar's dashboard and Django admin
    for user in (editor, moderator):
        client.force_login(user)
        refused = []
        for url in urls:
            response = client.get(url)
            ok = response.status_code == 403 or (
                response.status_code == 302 and "login" in response["Location"])
            if not ok:
                refused.append((url, response.status_code))
        assert refused == [], user


def test_editors_reach_the_wagtail_admin_pages_images_and_documents(client, editor, home):
    client.force_login(editor)
    for url in ("/cms/", f"/cms/pages/{home.pk}/", "/cms/images/", "/cms/documents/",
                f"/cms/pages/add/cms/newsindexpage/{home.pk}/"):
        assert client.get(url).status_code == 200, url
    assert client.get("/cms/users/").status_code in (302, 403)


def test_editor_submits_moderator_approves_and_the_page_goes_live(
    client, editor, moderator, news_index
):
    article = NewsPage(title="Hội chợ OCOP Quảng Ninh", date=dt.date(2026, 11, 20),
                       summary="Hơn 200 gian hàng.", live=False, owner=editor)
    news_index.add_child(instance=article)
    assert article.slug == "hoi-cho-ocop-quang-ninh"
    article.save_revision(user=editor)
    article.get_workflow().start(article, editor)
    article.refresh_from_db()
    state = article.current_workflow_task_state
    assert state is not None and state.task.name == "Kiểm duyệt"
    url = reverse("wagtailadmin_pages:workflow_action", args=(article.pk, "approve", state.pk))

    client.force_login(editor)  # an editor cannot approve
    client.post(url, {"comment": ""})
    article.refresh_from_db()
    assert not article.live
    assert client.get("/tin-tuc/hoi-cho-ocop-quang-ninh/").status_code == 404

    client.force_login(moderator)
    response = client.post(url, {"comment": "Đạt"})
    assert response.status_code in (200, 302)
    article.refresh_from_db()
    assert article.live
    client.logout()
    assert client.get("/tin-tuc/hoi-cho-ocop-quang-ninh/").status_code == 200


def test_editors_save_drafts_with_ascii_slugs_only_and_cannot_publish(
    client, editor, news_index
):
    client.force_login(editor)
    fields = {
        "title": "Đặc sản Đà Nẵng", "slug": "đặc-sản-đà-nẵng", "date": "2026-11-20",
        "summary": "", "province": "48", "author": "", "tags": "",
        "body": streamfield([]), "comments": inline_formset([]),
    }
    url = reverse("wagtailadmin_pages:add", args=("cms", "newspage", news_index.pk))
    response = client.post(url, nested_form_data(fields))
    assert response.status_code == 200
    assert "ví dụ: dac-san-da-nang" in str(response.context["form"].errors["slug"])
    assert not NewsPage.objects.filter(title="Đặc sản Đà Nẵng").exists()

    fields["slug"] = "dac-san-da-nang"  # what the admin's slug script writes (browser test)
    response = client.post(url, nested_form_data(fields))
    assert response.status_code == 302
    page = NewsPage.objects.get(title="Đặc sản Đà Nẵng")
    assert not page.live
    fields["action-publish"] = "action-publish"
    client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), nested_form_data(fields))
    page.refresh_from_db()
    assert not page.live


def test_pages_made_in_code_get_ascii_slugs_from_their_titles(news_index):
    article = NewsPage(title="Đặc sản Đắk Lắk", date=dt.date(2026, 11, 20))
    news_index.add_child(instance=article)
    assert article.slug == "dac-san-dak-lak"


def test_scheduled_go_live_and_expiry(client, news_index):
    article = NewsPage(title="Lịch hội chợ", date=dt.date(2026, 11, 20), live=False,
                       go_live_at=dt.datetime(2026, 11, 20, 8, 0, tzinfo=VN),
                       expire_at=dt.datetime(2026, 12, 1, 0, 0, tzinfo=VN))
    with at(2026, 11, 19, 12):
        news_index.add_child(instance=article)
        article.save_revision().publish()
        article.refresh_from_db()
        assert not article.live
    with at(2026, 11, 20, 7, 59):
        call_command("publish_scheduled", verbosity=0)
        assert client.get("/tin-tuc/lich-hoi-cho/").status_code == 404
    with at(2026, 11, 20, 8, 1):  # Wagtail publishes once the time has passed
        call_command("publish_scheduled", verbosity=0)
        assert client.get("/tin-tuc/lich-hoi-cho/").status_code == 200
    with at(2026, 11, 30, 23, 59):
        call_command("publish_scheduled", verbosity=0)
        assert client.get("/tin-tuc/lich-hoi-cho/").status_code == 200
    with at(2026, 12, 1, 0, 1):
        call_command("publish_scheduled", verbosity=0)
        assert client.get("/tin-tuc/lich-hoi-cho/").status_code == 404


@pytest.mark.parametrize("title, slug", [
    ("Hội chợ OCOP", "hoi-cho-ocop"),
    ("Đặc sản Đắk Lắk: cà phê & mắc ca", "dac-san-dak-lak-ca-phe-mac-ca"),
    ("Bưởi đỏ Tân Lạc", "buoi-do-tan-lac"),
])
def test_ascii_slugs(title, slug):
    assert ascii_slug(title) == slug
