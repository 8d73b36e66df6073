"""Facet counts as the results page shows them: labels, counts, whether each
is chosen, and the URL that toggles it (so filtering works without JavaScript)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from catalogue.groups import GROUP_LABELS
from catalogue.models import Producer
from catalogue.provinces import province_name
from shops.models import Partner

from .forms import price_label
from .query import SearchResult

TITLES = {
    "group": _("Nhóm sản phẩm"),
    "province": _("Tỉnh/thành"),
    "stars": _("Hạng sao"),
    "producer_kind": _("Loại chủ thể"),
    "price": _("Khoảng giá"),
    "showroom": _("Có hàng tại điểm bán"),
    "in_stock": _("Đặt trực tuyến"),
}


# How a chosen value of a filter reads, on facet options and on chips alike.
VALUE_LABELS = {
    "group": lambda v: GROUP_LABELS.get(v, v),
    "province": province_name,
    "stars": lambda v: _("%(stars)s sao") % {"stars": v},
    "producer_kind": lambda v: dict(Producer.Kind.choices).get(v, v),
    "price": price_label,
}


@dataclass(frozen=True)
class Option:
    name: str
    value: str
    label: str
    count: int
    checked: bool
    url: str


@dataclass(frozen=True)
class Facet:
    name: str
    title: str
    options: list[Option]


def facets_for_page(result: SearchResult, request) -> list[Facet]:
    showroom_ids = [int(v.value) for v in result.facets.get("showroom", [])]
    chosen_showroom = request.GET.get("showroom", "")
    if chosen_showroom.isdigit():
        showroom_ids.append(int(chosen_showroom))
    showrooms = dict(Partner.objects.filter(pk__in=showroom_ids).values_list("pk", "name"))
    labels = {
        **VALUE_LABELS,
        "showroom": lambda v: showrooms.get(int(v), v),
        "in_stock": lambda v: _("Còn hàng"),
    }
    facets = []
    for name, values in result.facets.items():
        chosen = request.GET.getlist(name)
        options = [
            Option(name, v.value, str(labels[name](v.value)), v.count, v.value in chosen,
                   toggle_url(request, name, v.value))
            for v in values
        ]
        if name == "stars":
            options.sort(key=lambda o: -int(o.value))
        if options:
            facets.append(Facet(name, TITLES[name], options))
    return facets


def active_filters(request, filters: dict) -> list[Option]:
    """The chosen filters as removable chips."""
    chips = []
    for name, label in VALUE_LABELS.items():
        for value in filters.get(name) or ():
            chips.append(Option(name, str(value), str(label(str(value))), 0, True,
                                toggle_url(request, name, str(value))))
    if filters.get("showroom"):
        partner = Partner.objects.filter(pk=filters["showroom"]).values_list("name", flat=True)
        chips.append(Option("showroom", str(filters["showroom"]),
                            str(_("Tại %(name)s") % {"name": partner.first() or "?"}), 0, True,
                            toggle_url(request, "showroom", str(filters["showroom"]))))
    if filters.get("in_stock"):
        chips.append(Option("in_stock", "1", str(_("Còn hàng đặt trực tuyến")), 0, True,
                            toggle_url(request, "in_stock", "1")))
    return chips


def toggle_url(request, name: str, value: str) -> str:
    """The current URL with ``name=value`` added or removed, back on page 1."""
    params = request.GET.copy()
    params.pop("page", None)
    values = params.getlist(name)
    if value in values:
        values.remove(value)
    elif name in ("showroom", "in_stock"):
        values = [value]
    else:
        values.append(value)
    params.setlist(name, values)
    query = params.urlencode()
    return f"?{query}" if query else request.path
