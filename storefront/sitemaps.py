"""/sitemap.xml: certified products, the six groups, showrooms and CMS pages,
each in Vietnamese and English.

Every location is on the public origin (``storefront.sites.public_origin``):
``SITE_URL`` when it is set, else the scheme and host of the request. Django's
own views would name the ``Site`` record's domain instead, and Wagtail's page
URLs the Wagtail ``Site``'s hostname, whatever host the sitemap was asked on.

Every URL is listed once per language with ``xhtml:link`` alternates (``vi``,
``en``, ``x-default`` = Vietnamese), as Google asks for multilingual sites:
the routes through Django's sitemap ``i18n``; Wagtail pages through their
translations (an article nobody translated has no English entry).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.contrib.sitemaps.views import sitemap as django_sitemap_view
from django.db.models import QuerySet
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.models import Page

from catalogue.models import Product
from catalogue.producers import producers_by_province
from catalogue.selectors import group_categories
from shops.selectors import public_showrooms

from .sites import public_origin


@dataclass(frozen=True)
class _Host:
    """What a Sitemap needs of a site: its domain."""

    domain: str


class _EachLanguage(Sequence):
    """``items`` × languages, sliced lazily: Django's i18n sitemaps build the
    whole list first, which would load every product to show 5,000."""

    def __init__(self, items, languages):
        self.items = items
        self.languages = list(languages)

    def __len__(self):
        count = self.items.count() if isinstance(self.items, QuerySet) else len(self.items)
        return count * len(self.languages)

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, _step = index.indices(len(self))
            width = len(self.languages)
            first, last = start // width, -(-stop // width)
            pairs = [(item, code) for item in self.items[first:last] for code in self.languages]
            offset = first * width
            return pairs[start - offset : stop - offset]
        item = self.items[index // len(self.languages)]
        return item, self.languages[index % len(self.languages)]


class PublicSitemap(Sitemap):
    """A sitemap whose locations are on the public origin of ``request``, once
    per language with alternates."""

    i18n = True
    alternates = True
    x_default = True

    def __init__(self, request=None):
        self.request = request

    def _items(self):
        return _EachLanguage(self.items(), self._languages())

    def get_urls(self, page=1, site=None, protocol=None):
        origin = urlsplit(public_origin(self.request))
        return super().get_urls(page=page, site=_Host(origin.netloc), protocol=origin.scheme)

    def get_latest_lastmod(self):
        if not hasattr(self, "lastmod"):
            return None
        return max((self.lastmod(item) for item in self.items()), default=None)


class PageSitemap(WagtailSitemap):
    """Wagtail's live, public pages of every language, moved to the public
    origin, each with the URLs of its translations as alternates."""

    def get_urls(self, page=1, site=None, protocol=None):
        origin = urlsplit(public_origin(self.request))
        return self._urls(page, origin.scheme, origin.netloc)

    def items(self):
        root = self.get_wagtail_site().root_page
        roots = Page.objects.filter(translation_key=root.translation_key)
        descendants = Page.objects.none()
        for home in roots:
            descendants = descendants | Page.objects.descendant_of(home, inclusive=True)
        return (
            descendants.live()
            .public()
            .order_by("path")
            .select_related("locale")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        translations = self._translations(pages, protocol, domain)
        urls, last_mods = [], set()
        for item in pages:
            alternates = translations.get(item.translation_key, {})
            for url in item.get_sitemap_urls(self.request):
                url["location"] = _on_origin(url["location"], protocol, domain)
                url["alternates"] = _alternates(alternates)
                urls.append(url)
                last_mods.add(url.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    def _translations(self, pages, protocol, domain) -> dict:
        """translation key -> {language code: location}, in one query."""
        found = {}
        keys = {page.translation_key for page in pages}
        siblings = (
            Page.objects.live().public().filter(translation_key__in=keys).select_related("locale")
        )
        for sibling in siblings:
            location = sibling.get_full_url(self.request)
            if location:
                found.setdefault(sibling.translation_key, {})[sibling.locale.language_code] = (
                    _on_origin(location, protocol, domain)
                )
        return found


def _alternates(locations: dict[str, str]) -> list[dict]:
    """xhtml:link alternates of one page: each language, x-default Vietnamese."""
    if len(locations) < 2:
        return []
    alternates = [
        {"lang_code": code, "location": locations[code]}
        for code, _name in settings.LANGUAGES
        if code in locations
    ]
    if settings.LANGUAGE_CODE in locations:
        alternates.append({"lang_code": "x-default", "location": locations[settings.LANGUAGE_CODE]})
    return alternates


def _on_origin(location: str, protocol: str, domain: str) -> str:
    return urlsplit(location)._replace(scheme=protocol, netloc=domain).geturl()


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
