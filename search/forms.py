from django import forms
from django.utils.translation import gettext_lazy as _

from catalogue.provinces import province_choices
from catalogue.sorting import DEFAULT_SORT, sort_choices
from catalogue.stars import star_choices_as_text

PAGE_SIZES = (24, 48, 96)


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
            }
        ),
    )


class ProductFilterForm(SearchForm):
    province = forms.ChoiceField(
        required=False,
        label=_("Tỉnh/thành"),
        choices=lambda: [("", _("Tất cả tỉnh/thành"))] + province_choices(),
    )
    stars = forms.TypedChoiceField(
        required=False,
        label=_("Hạng sao"),
        coerce=int,
        empty_value=None,
        choices=[("", _("Mọi hạng sao")), *star_choices_as_text()],
    )
    sort = forms.ChoiceField(required=False, label=_("Sắp xếp"), choices=sort_choices)
    per_page = forms.TypedChoiceField(
        required=False,
        label=_("Mỗi trang"),
        coerce=int,
        empty_value=PAGE_SIZES[0],
        choices=[(str(n), str(n)) for n in PAGE_SIZES],
    )

    def filters(self) -> dict:
        """Cleaned filters, ignoring any invalid value rather than failing the page."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": data.get("q") or None,
            "province": data.get("province") or None,
            "stars": data.get("stars"),
            "sort": data.get("sort") or DEFAULT_SORT,
        }

    def page_size(self) -> int:
        return getattr(self, "cleaned_data", {}).get("per_page") or PAGE_SIZES[0]
