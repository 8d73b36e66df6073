"""The site's URLs: Vietnamese at the bare path, English under ``/en/``.

Consumer pages sit in one ``i18n_patterns`` block without a prefix for the
default language (``/catalogue/``, ``/en/catalogue/``): the URL alone decides
the language (``storefront/i18n.py`` says how a visitor's chosen language
takes them there). Machines, staff screens, feeds and the sitemap stay
outside, at one address each, always answered in Vietnamese.

A namespace cannot be split between the two parts, so the JSON and webhook
URLs inside Oscar's apps (``checkout:stripe-webhook``, ``checkout:wards``,
``search:suggest``) keep answering at their bare path (Stripe's address) and
also exist under ``/en/``, where the ward list and suggestions are English.
"""

from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from catalogue.registry.webhook import RegistryWebhookView
from catalogue.views import CertificateVerifyView, image_rendition
from cms import feeds
from shops.views import OcopMapView

from . import i18n, sitemaps

_oscar_urls = apps.get_app_config("oscar").urls[0]
# Oscar's dashboard is for staff: one address, outside the language prefix.
_DASHBOARD = "dashboard/"
_oscar_dashboard = [p for p in _oscar_urls if str(p.pattern) == _DASHBOARD]
_oscar_consumer = [p for p in _oscar_urls if str(p.pattern) != _DASHBOARD]

urlpatterns = [
    path("i18n/setlang/", i18n.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("registry/webhook/", RegistryWebhookView.as_view(), name="registry-webhook"),
    path("feeds/news/rss/", feeds.rss, name="news-rss"),
    path("feeds/news/atom/", feeds.atom, name="news-atom"),
    path("feeds/news/en/rss/", feeds.rss, {"language": "en"}, name="news-rss-en"),
    path("feeds/news/en/atom/", feeds.atom, {"language": "en"}, name="news-atom-en"),
    path("sitemap.xml", sitemaps.index, name="sitemap-index"),
    path("images/<int:width>/<path:name>", image_rendition, name="image-rendition"),
    path("sitemap-<section>.xml", sitemaps.section, name=sitemaps.SECTION_URL_NAME),
    path("", include(_oscar_dashboard)),
]

urlpatterns += i18n_patterns(
    # The address printed on QR stamps: /verify/<no>/ (Vietnamese, or JSON),
    # /en/verify/<no>/ in English.
    path(
        "verify/<path:certificate_no>/", CertificateVerifyView.as_view(), name="certificate-verify"
    ),
    path("showrooms/", include("shops.urls")),
    path("ban-do-ocop/", OcopMapView.as_view(), name="ocop-map"),
    path("producers/", include("catalogue.producer_urls")),
    path("", include("storefront.tourism.urls")),
    # Wagtail serves the home page; Oscar's own "" is only a redirect.
    path("", wagtail_views.serve, {"path": ""}, name="wagtail-home"),
    path("", include(_oscar_consumer)),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
