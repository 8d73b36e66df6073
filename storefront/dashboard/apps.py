"""Oscar's dashboard, forked (label ``dashboard``) to scope it to showrooms.

With ``name = "storefront.dashboard"``, Oscar's ``get_class("dashboard.<app>.…")``
looks in ``storefront/dashboard/<app>/`` first and falls back to Oscar's module,
so every dashboard fork lives in this folder (catalogue, orders, partners, …).
Our own showroom screens are mounted under ``/dashboard/showroom/``.
"""

from django.apps import apps
from django.urls import include, path
from oscar.apps.dashboard import apps as oscar_apps


class DashboardConfig(oscar_apps.DashboardConfig):
    name = "storefront.dashboard"

    def ready(self):
        super().ready()
        from .views import IndexView

        self.index_view = IndexView
        self.showroom_app = apps.get_app_config("showroom_dashboard")

    def get_urls(self):
        urls = super().get_urls()
        urls.append(path("showroom/", include(self.showroom_app.urls[0])))
        return urls
