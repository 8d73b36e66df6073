from django.apps import apps
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from catalogue.registry.webhook import RegistryWebhookView
from catalogue.views import CertificateVerifyView
from cms import feeds
from shops.views import OcopMapView

from . import sitemaps

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "verify/<path:certificate_no>/", CertificateVerifyView.as_view(), name="certificate-verify"
    ),
    path("registry/webhook/", RegistryWebhookView.as_view(), name="registry-webhook"),
    path("showrooms/", include("shops.urls")),
    path("ban-do-ocop/", OcopMapView.as_view(), name="ocop-map"),
    path("producers/", include("catalogue.producer_urls")),
    path("", include("storefront.tourism.urls")),
    path("feeds/news/rss/", feeds.rss, name="news-rss"),
    path("feeds/news/atom/", feeds.atom, name="news-atom"),
    path("sitemap.xml", sitemaps.index, name="sitemap-index"),
    path("sitemap-<section>.xml", sitemaps.section, name=sitemaps.SECTION_URL_NAME),
    # Wagtail serves the home page; Oscar's own "" is only a redirect.
    path("", wagtail_views.serve, {"path": ""}, name="wagtail-home"),
    path("", include(apps.get_app_config("oscar").urls[0])),
    path("", include(wagtail_urls)),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
