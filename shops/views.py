from django.contrib import messages
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from catalogue.figures import certified_by_province
from catalogue.pagination import ForgivingPaginationMixin
from catalogue.province_centres import province_centres
from catalogue.provinces import province_choices, province_name, today_provinces

from .hours import local, week
from .maps import csp_img_src, map_config
from .selectors import (
    map_markers,
    public_showrooms,
    showroom_products,
    showrooms,
    with_hours,
    with_product_counts,
)

PRODUCTS_PER_PAGE = 48


class MapPageMixin:
    """Pages with a map: their img-src also allows the tile server, and only they do."""

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response._csp_replace = {"img-src": csp_img_src()}
        return response


class ShowroomListView(MapPageMixin, ForgivingPaginationMixin, ListView):
    """The store locator: showrooms, optionally of one province and open now,
    as a list (pages) and on a map (every match)."""

    template_name = "shops/showroom_list.html"
    context_object_name = "showrooms"
    paginate_by = 30

    def get(self, request, *args, **kwargs):
        self.province = request.GET.get("province", "")
        self.open_now = request.GET.get("open") == "1"
        if self.province and self.province not in today_provinces():
            # Say so and list every showroom rather than an empty page.
            messages.warning(
                request, _("Không có tỉnh/thành mã “%(code)s”; đang hiển thị mọi tỉnh/thành.")
                % {"code": self.province[:20]},
            )
            self.province = ""
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        self.moment = local()
        return showrooms(
            province=self.province or None,
            open_at=self.moment if self.open_now else None,
            counted=False,
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        markers = map_markers(self.object_list)
        ctx["showrooms"] = with_product_counts(ctx["showrooms"])
        ctx.update(
            provinces=province_choices(),
            province=self.province,
            province_label=province_name(self.province) if self.province else "",
            open_now=self.open_now,
            moment=self.moment,
            map_config=map_config(markers=markers),
        )
        return ctx


class ShowroomDetailView(MapPageMixin, DetailView):
    """One showroom: address, hours (today first in mind), map and the certified
    products it has in stock."""

    template_name = "shops/showroom_detail.html"
    context_object_name = "showroom"

    def get_queryset(self):
        return with_hours(public_showrooms())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        showroom, moment = self.object, local()
        paginator = Paginator(showroom_products(showroom), PRODUCTS_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("page"))
        periods = showroom.periods
        ctx.update(
            products=page.object_list,
            page_obj=page,
            paginator=paginator,
            hours=week(periods, moment),
            is_open=showroom.is_open_at(moment),
            next_change=showroom.next_change(moment),
            has_hours=bool(periods),
            moment=moment,
            map_config=map_config(markers=map_markers(public_showrooms().filter(pk=showroom.pk))),
        )
        return ctx


class OcopMapView(MapPageMixin, TemplateView):
    """/ban-do-ocop/: showrooms and certified products per province on one map,
    and the same figures as a table (which is all a reader without JavaScript needs)."""

    template_name = "shops/map.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        figures = certified_by_province()
        centres = province_centres()
        provinces = [
            {
                "code": row.code,
                "name": row.name,
                "lat": centres[row.code][0],
                "lon": centres[row.code][1],
                "stars": {str(stars): count for stars, count in row.stars.items()},
                "total": row.total,
            }
            for row in figures
        ]
        markers = map_markers(public_showrooms())
        ctx.update(
            figures=figures,
            showroom_count=len(markers),
            map_config=map_config(markers=markers, provinces=provinces),
            total=sum(row.total for row in figures),
        )
        return ctx
