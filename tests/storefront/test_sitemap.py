"""SITE_URL reaches the sitemap, Oscar's e-mails and both Site records; without it
the sitemap answers with the host it was asked on."""

import re

import pytest
from django.contrib.sites.models import Site as DjangoSite
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from wagtail.models import Site as WagtailSite

from cms.models import HomePage, NewsIndexPage, NewsPage
from storefront.sites import parse_site_url, site_records_sync, sync_after_migrate
from tests.factories import CertificateFactory, PartnerFactory, ProductFactory

pytestmark = pytest.mark.django_db

SITE_URL = "https://sanpham-ocop.vn"
PLACEHOLDERS = ("example.com", "localhost")


@pytest.fixture
def content(groups):
    showroom = PartnerFactory(name="Trung tâm OCOP Hòa Bình", slug="ocop-hoa-binh")
    product = ProductFactory(title="Bưởi đỏ Tân Lạc", stock={"partner": showroom})
    CertificateFactory(product=product)
    index = HomePage.objects.get().add_child(
        instance=NewsIndexPage(title="Tin tức OCOP", slug="tin-tuc")
    )
    index.add_child(instance=NewsPage(title="Hội chợ OCOP", slug="hoi-cho", date="2026-11-05",
                                      summary="Tóm tắt"))
    return {"product": product, "showroom": showroom}


def locations(client, path, **extra):
    response = client.get(path, **extra)
    assert response.status_code == 200
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def every_location(client, **extra):
    sections = locations(client, "/sitemap.xml", **extra)
    assert len(sections) == 5
    urls = list(sections)
    for section in sections:
        path = section.split("/", 3)[3]
        urls += locations(client, "/" + path, **extra)
    return urls


def test_sitemap_uses_site_url(client, settings, content):
    settings.SITE_URL = SITE_URL
    urls = every_location(client)
    assert f"{SITE_URL}/sitemap-products.xml" in urls
    assert f"{SITE_URL}{content['product'].get_absolute_url()}" in urls
    assert f"{SITE_URL}{content['showroom'].get_absolute_url()}" in urls
    assert f"{SITE_URL}{content['product'].producer.get_absolute_url()}" in urls
    assert f"{SITE_URL}/" in urls  # the home page
    assert f"{SITE_URL}/tin-tuc/hoi-cho/" in urls
    assert all(url.startswith(SITE_URL + "/") for url in urls), urls
    assert not [url for url in urls if any(name in url for name in PLACEHOLDERS)]


def test_sitemap_without_site_url_uses_the_request_host(client, settings, content):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["cho.ocop.test"]
    urls = every_location(client, HTTP_HOST="cho.ocop.test:8080")
    assert f"http://cho.ocop.test:8080{content['product'].get_absolute_url()}" in urls
    assert "http://cho.ocop.test:8080/tin-tuc/hoi-cho/" in urls
    assert all(url.startswith("http://cho.ocop.test:8080/") for url in urls), urls


def test_site_url_is_written_into_both_site_records(settings):
    settings.SITE_URL = "https://sanpham-ocop.vn:8443"
    site = DjangoSite.objects.get(pk=settings.SITE_ID)
    assert site.domain == "sanpham-ocop.vn:8443"
    assert site.name == "OCOP Việt Nam"
    page_site = WagtailSite.objects.get(is_default_site=True)
    assert (page_site.hostname, page_site.port) == ("sanpham-ocop.vn", 8443)


def test_migrate_and_the_command_apply_site_url(settings):
    settings.SITE_URL = SITE_URL
    DjangoSite.objects.filter(pk=settings.SITE_ID).update(domain="example.com")
    WagtailSite.objects.update(hostname="localhost", port=80)
    sync_after_migrate(sender=None)
    assert DjangoSite.objects.get(pk=settings.SITE_ID).domain == "sanpham-ocop.vn"
    assert WagtailSite.objects.get(is_default_site=True).root_url == SITE_URL

    WagtailSite.objects.update(hostname="localhost", port=80)
    call_command("sync_site")
    assert WagtailSite.objects.get(is_default_site=True).root_url == SITE_URL
    assert site_records_sync() == []  # nothing left to change


def test_password_reset_email_links_to_site_url(client, settings, django_user_model):
    settings.SITE_URL = SITE_URL
    django_user_model.objects.create_user("lan", "lan@ocop.test", "mat-khau-cu-123")
    response = client.post("/password-reset/", {"email": "lan@ocop.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    links = re.findall(r"https?://[^\s\"'<>]+", message.body)
    assert any(link.startswith(f"{SITE_URL}/password-reset/confirm/") for link in links), links
    html = "".join(content for content, kind in message.alternatives if kind == "text/html")
    assert not [name for name in PLACEHOLDERS if name in message.body + html]


@pytest.mark.parametrize("value", ["ocop.vn", "ftp://ocop.vn", "https://ocop.vn/shop/"])
def test_a_site_url_that_is_not_an_origin_is_refused(value):
    with pytest.raises(ImproperlyConfigured, match="SITE_URL"):
        parse_site_url(value)
