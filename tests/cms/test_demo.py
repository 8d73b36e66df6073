"""The demo's pages: every home block, 20+ articles, English translations,
programme and policy pages, menus, footer, editor and moderator; a second run
changes nothing."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page, Revision

from cms.models import HomePage, NewsPage, StandardPage
from cms.navigation import FooterSettings, MainMenu
from tests.cms.conftest import VN

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_demo_pages_in_both_languages_and_a_second_run_changes_nothing():
    with time_machine.travel(dt.datetime(2026, 11, 24, 10, 30, tzinfo=VN), tick=False):
        call_command("seed_demo", products=20, stdout=open("/dev/null", "w"))
        counts = (Page.objects.count(), Revision.objects.count())
        call_command("seed_demo", products=20, stdout=open("/dev/null", "w"))
        assert (Page.objects.count(), Revision.objects.count()) == counts

        home = HomePage.objects.get(locale__language_code="vi")
        assert {"hero", "groups", "products", "product_picks", "figures", "latest_news",
                "showrooms", "quote"} <= home.block_types()
        vi_news = NewsPage.objects.live().filter(locale__language_code="vi")
        en_news = NewsPage.objects.live().filter(locale__language_code="en")
        assert vi_news.count() >= 20 and en_news.count() >= 5
        assert all(n.url.isascii() for n in vi_news)
        assert StandardPage.objects.live().filter(locale__language_code="vi").count() >= 7
        menu = MainMenu.objects.get()
        footer = FooterSettings.objects.get()
        assert len(menu.items) >= 4 and len(footer.policy_links) == 4 and footer.hotline
        User = get_user_model()
        assert User.objects.get(email="editor@ocop.example.vn").groups.get().name == (
            "Biên tập viên")
        assert User.objects.get(email="moderator@ocop.example.vn").groups.get().name == (
            "Kiểm duyệt")

        client = Client()
        html = client.get("/").content.decode()
        assert "Chính sách đổi trả" in html and "1900 6868" in html
        assert 'class="mainnav"' in html
        html = client.get("/en/").content.decode()
        assert "OCOP week in Hanoi draws large crowds" in html and '<html lang="en"' in html
        assert client.get("/tin-tuc/").status_code == 200
        assert client.get("/en/tin-tuc/").status_code == 200
