import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Locale

from cms.models import HomePage, NewsIndexPage, NewsPage
from tests.factories import CertificateFactory, ProductFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(year, month, day, hour=0, minute=0):
    return time_machine.travel(dt.datetime(year, month, day, hour, minute, tzinfo=VN), tick=False)


def certified(title, *, stars=4, group="food", province="22", **certificate):
    product = ProductFactory(title=title, group=group, province_code=province)
    CertificateFactory(product=product, stars=stars, **certificate)
    return product


def wagtail_image(title="Đồi chè"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "#c98a00").save(buffer, "PNG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name="doi-che.png"))


def publish(page):
    page.save_revision().publish()
    return page


@pytest.fixture
def home(db):
    return HomePage.objects.get()


@pytest.fixture
def news_index(home):
    return publish(home.add_child(instance=NewsIndexPage(title="Tin tức OCOP", slug="tin-tuc")))


@pytest.fixture
def make_news(news_index):
    def make(title, *, day=1, **fields):
        fields.setdefault("summary", f"Tóm tắt: {title}")
        article = news_index.add_child(
            instance=NewsPage(title=title, date=dt.date(2026, 11, day), **fields)
        )
        return publish(article)

    return make


@pytest.fixture
def english(db):
    return Locale.objects.get(language_code="en")
