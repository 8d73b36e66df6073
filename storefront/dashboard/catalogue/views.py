"""Catalogue dashboard views scoped through ``shops.scoping``."""

from django.contrib import messages
from django.db.models import ProtectedError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from oscar.apps.dashboard.catalogue import views as oscar_views
from oscar.core.loading import get_model

from shops import scoping

StockAlert = get_model("partner", "StockAlert")

LOOKUP_PAGE_LIMIT = 50


class ProductListView(oscar_views.ProductListView):
    """Head office: Oscar's list. Showroom staff have no product content to edit:
    they are sent to their own showroom's stock list."""

    def dispatch(self, request, *args, **kwargs):
        if not scoping.is_head_office(request.user):
            return redirect("dashboard:showroom-stock")
        return super().dispatch(request, *args, **kwargs)


class ProductLookupView(oscar_views.ProductLookupView):
    """Only products the user's showrooms stock (all of them for head office)."""

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=scoping.staff_products(self.request.user))

    def get_args(self):
        # Oscar's int() on these answers 500 to "?page=x".
        params = self.request.GET
        initial = params.get("initial") or None
        if initial is not None:
            ids = [part for part in initial.split(",") if part.strip().isdigit()]
            initial = ",".join(ids) or "0"
        return initial, params.get("q"), _int(params.get("page"), 1), min(
            _int(params.get("page_limit"), 20), LOOKUP_PAGE_LIMIT
        )


def _int(value, default):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if number > 0 else default


class StockAlertListView(oscar_views.StockAlertListView):
    def get_queryset(self):
        own = scoping.staff_stockrecords(self.request.user).values("pk")
        return (
            super()
            .get_queryset()
            .filter(stockrecord__in=own)
            .select_related("stockrecord__product", "stockrecord__partner")
            .order_by("-date_created", "-pk")
        )


class ProductDeleteView(oscar_views.ProductDeleteView):
    """A product with an OCOP certificate cannot be deleted (the certificate is the
    registry's and protected in the database): say so instead of failing."""

    def delete(self, request, *args, **kwargs):
        try:
            return super().delete(request, *args, **kwargs)
        except ProtectedError:
            messages.error(
                request,
                _(
                    "Không thể xóa sản phẩm này: sản phẩm có chứng nhận OCOP hoặc dữ liệu "
                    "được bảo vệ (chứng nhận không bao giờ bị xóa). Hãy ngừng bán sản phẩm "
                    "thay vì xóa."
                ),
            )
            return HttpResponseRedirect(
                reverse("dashboard:catalogue-product", kwargs={"pk": self.object.pk})
            )
