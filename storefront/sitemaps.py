"""/sitemap.xml: certified products, the six groups, showrooms and CMS pages.

Every location is on the public origin (``storefront.sites.public_origin``):
``SITE_URL`` when it is set, else the scheme and host of the request. Django's
own views would name the ``Site`` record's domain instead, and Wagtail's page
URLs the Wagtail ``Site``'s hostname, whatever host the sitemap was asked on.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.contrib.sitemaps.views import sitemap as django_sitemap_view
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from catalogue.models import Product
from catalogue.producers import producers_by_province
from catalogue.selectors import group_categories
from shops.selectors import public_showrooms

from .sites import public_origin


@dataclass(frozen=True)
class _Host:
    """What a Sitemap needs of a site: its domain."""

    domain: str


class PublicSitemap(Sitemap):
    """A sitemap whose locations are on the public origin of ``request``."""

    def __init__(self, request=None):
        self.request = request

    def get_urls(self, page=1, site=None, protocol=None):
        origin = urlsplit(public_origin(self.request))
        return super().get_urls(page=page, site=_Host(origin.netloc), protocol=origin.scheme)


class PageSitemap(PublicSitemap, WagtailSitemap):
    """Wagtail's live, public pages, moved from the Wagtail Site's root URL to ours."""

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            url["location"] = (
                urlsplit(url["location"])._replace(scheme=protocol, netloc=domain).geturl()
            )
        return urls


class ProductSitemap(PublicSitemap):
    changefreq = "daily"
    limit = 5000

    def items(self):
        return Product.objects.browsable().only("id", "slug", "date_updated").order_by("pk")

    def lastmod(self, product):
        return product.date_updated


class GroupSitemap(PublicSitemap):
    changefreq = "daily"

    def items(self):
        return group_categories()


class ShowroomSitemap(PublicSitemap):
    changefreq = "weekly"

    def items(self):
        return public_showrooms().order_by("pk")


class ProducerSitemap(PublicSitemap):
    """Producers with at least one product on sale (the others have an empty page)."""

    changefreq = "weekly"
    limit = 5000

    def items(self):
        return producers_by_province().only("id", "slug").order_by("pk")


SITEMAPS = {
    "pages": PageSitemap,
    "groups": GroupSitemap,
    "products": ProductSitemap,
    "showrooms": ShowroomSitemap,
    "producers": ProducerSitemap,
}
SECTION_URL_NAME = "django.contrib.sitemaps.views.sitemap"


def _for_request(request) -> dict[str, PublicSitemap]:
    return {section: cls(request) for section, cls in SITEMAPS.items()}


@x_robots_tag
def index(request):
    """/sitemap.xml: one entry per section (and per page of a long section)."""
    origin = public_origin(request)
    entries = []
    for section, sitemap in _for_request(request).items():
        location = origin + reverse(SECTION_URL_NAME, kwargs={"section": section})
        lastmod = sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(location, lastmod))
        entries.extend(
            SitemapIndexItem(f"{location}?p={number}", lastmod)
            for number in range(2, sitemap.paginator.num_pages + 1)
        )
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


def section(request, section):
    """/sitemap-<section>.xml, rendered by Django's view with our sitemaps."""
    return django_sitemap_view(request, sitemaps=_for_request(request), section=section)
