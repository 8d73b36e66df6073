import datetime as dt

import pytest
from wagtail.models import Locale

from cms.models import HomePage, NewsIndexPage, NewsPage, StandardPage
from tests.factories import CertificateFactory, PartnerFactory, ProductFactory

SITE_URL = "https://ocop.example.vn"


def publish(page):
    page.save_revision().publish()
    return page


def translate(page, locale, **fields):
    """An English translation of ``page`` (its parents become aliases), published."""
    translation = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    publish(translation)
    translation.refresh_from_db()  # publishing saved another copy (a new url_path)
    return translation


@pytest.fixture
def shop(db, groups, settings):
    """A product on sale at a showroom, news (one article translated with an
    English slug, one not), a programme page and an English home page."""
    settings.SITE_URL = SITE_URL
    english = Locale.objects.get(language_code="en")
    showroom = PartnerFactory(name="Trung tâm OCOP Hạ Long", slug="ocop-ha-long")
    product = ProductFactory(title="Chả mực Hạ Long", stock={"partner": showroom})
    certificate = CertificateFactory(product=product, certificate_no="QN-2025-0042")
    home = HomePage.objects.get()
    index = publish(home.add_child(instance=NewsIndexPage(title="Tin tức OCOP", slug="tin-tuc")))
    fair = publish(index.add_child(instance=NewsPage(
        title="Hội chợ OCOP Quảng Ninh", slug="hoi-cho-ocop-quang-ninh",
        date=dt.date(2026, 11, 5), summary="Hơn 200 gian hàng.")))
    only_vi = publish(index.add_child(instance=NewsPage(
        title="Tập huấn chủ thể OCOP", slug="tap-huan-chu-the", date=dt.date(2026, 11, 6),
        summary="Chỉ có tiếng Việt.")))
    policy = publish(home.add_child(instance=StandardPage(
        title="Chính sách đổi trả", slug="chinh-sach-doi-tra")))
    home_en = translate(home, english, title="OCOP Vietnam")
    index_en = translate(index, english, title="OCOP news", slug="news")
    fair_en = translate(fair, english, title="Quang Ninh OCOP fair",
                        slug="quang-ninh-ocop-fair", summary="More than 200 stalls.")
    return {
        "product": product, "showroom": showroom, "certificate": certificate,
        "home": home, "home_en": home_en, "index": index, "index_en": index_en,
        "fair": fair.specific, "fair_en": fair_en.specific, "only_vi": only_vi,
        "policy": policy,
    }
