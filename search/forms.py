from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.groups import GROUP_LABELS
from catalogue.models import Producer
from catalogue.provinces import province_choices
from catalogue.stars import star_choices_as_text

from .query import MAX_QUERY_CHARS, PRICE_RANGES, SearchQuery, parse_text
from .sorting import DEFAULT_SORT, RELEVANCE, sort_choices

PAGE_SIZES = (24, 48, 96)


def price_label(key: str) -> str:
    for k, low, high in PRICE_RANGES:
        if k == key:
            if high is None:
                return _("Từ %(low)s ₫") % {"low": _vnd(low)}
            if not low:
                return _("Dưới %(high)s ₫") % {"high": _vnd(high)}
            return _("%(low)s – %(high)s ₫") % {"low": _vnd(low), "high": _vnd(high)}
    return key


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


class SearchForm(forms.Form):
    """The site-wide search box (Oscar's context processor renders it)."""

    q = forms.CharField(
        required=False,
        label=_("Tìm kiếm"),
        widget=forms.TextInput(
            attrs={
                "placeholder": _("Tìm sản phẩm OCOP…"),
                "class": "form-control",
                "type": "search",
                "autocomplete": "off",
            }
        ),
    )


class ProductFilterForm(SearchForm):
    """Filters of /catalogue/, group pages and /search/. Every one travels in
    the query string (shareable URLs); an invalid value is ignored."""

    group = forms.MultipleChoiceField(
        required=False, label=_("Nhóm sản phẩm"), choices=list(GROUP_LABELS.items())
    )
    province = forms.MultipleChoiceField(
        required=False, label=_("Tỉnh/thành"), choices=province_choices
    )
    stars = forms.TypedMultipleChoiceField(
        required=False, label=_("Hạng sao"), coerce=int, choices=star_choices_as_text()
    )
    producer_kind = forms.MultipleChoiceField(
        required=False, label=_("Loại chủ thể"), choices=Producer.Kind.choices
    )
    price = forms.MultipleChoiceField(
        required=False,
        label=_("Khoảng giá"),
        choices=lambda: [(key, price_label(key)) for key, _lo, _hi in PRICE_RANGES],
    )
    showroom = forms.IntegerField(required=False, min_value=1, label=_("Có hàng tại điểm bán"),
                                  widget=forms.HiddenInput)
    in_stock = forms.BooleanField(required=False, label=_("Còn hàng đặt trực tuyến"))
    sort = forms.ChoiceField(required=False, label=_("Sắp xếp"), choices=sort_choices)
    per_page = forms.TypedChoiceField(
        required=False,
        label=_("Mỗi trang"),
        coerce=int,
        empty_value=PAGE_SIZES[0],
        choices=[(str(n), str(n)) for n in PAGE_SIZES],
    )

    def cleaned(self) -> dict:
        self.is_valid()
        return getattr(self, "cleaned_data", {})

    def filters(self) -> dict:
        """Cleaned filters, ignoring any invalid value rather than failing the page."""
        data = self.cleaned()
        text = parse_text(data.get("q"))
        sort = data.get("sort") or (RELEVANCE if text else DEFAULT_SORT)
        if sort == RELEVANCE and not text:
            sort = DEFAULT_SORT
        return {
            "text": text,
            "group": tuple(data.get("group") or ()),
            "province": tuple(data.get("province") or ()),
            "stars": tuple(data.get("stars") or ()),
            "producer_kind": tuple(data.get("producer_kind") or ()),
            "price": tuple(data.get("price") or ()),
            "showroom": data.get("showroom"),
            "in_stock": bool(data.get("in_stock")),
            "sort": sort,
        }

    def query(self, *, category_path=None, offset=0, limit=None, facets=True) -> SearchQuery:
        return SearchQuery(**self.filters(), category_path=category_path, offset=offset,
                           limit=self.page_size() if limit is None else limit, facets=facets)

    def page_size(self) -> int:
        return self.cleaned().get("per_page") or PAGE_SIZES[0]


__all__ = ["MAX_QUERY_CHARS", "PAGE_SIZES", "ProductFilterForm", "SearchForm"]
