"""The product chooser editors use in product blocks.

It lists only products sellable now (the catalogue's selector); a block that
keeps a pick after the certificate lapses still renders it only while
sellable (``blocks.ProductPicksBlock``).
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet

from catalogue.models import Product
from catalogue.selectors import product_cards
from catalogue.text import fold_text


class ProductFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Tìm sản phẩm"),
        widget=forms.TextInput(attrs={"placeholder": _("Tên, chủ thể hoặc tỉnh")}),
        required=False,
    )

    def filter(self, objects):
        query = self.cleaned_data.get("q") or ""
        self.is_searching = bool(query.strip())
        self.search_query = query
        # The catalogue's folded search text: "buoi do" finds "Bưởi đỏ".
        for word in fold_text(query).split():
            objects = objects.filter(search_text__contains=word)
        return objects


class SellableOnly:
    filter_form_class = ProductFilterForm

    def get_object_list(self):
        return product_cards().order_by("title", "pk")


class ChooseView(SellableOnly, chooser_views.ChooseView):
    pass


class ChooseResultsView(SellableOnly, chooser_views.ChooseResultsView):
    pass


class ProductChooserViewSet(ChooserViewSet):
    model = Product
    icon = "tag"
    choose_one_text = _("Chọn một sản phẩm OCOP")
    choose_another_text = _("Chọn sản phẩm khác")
    edit_item_text = _("Sửa")
    per_page = 20


    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView


product_chooser_viewset = ProductChooserViewSet("product_chooser", url_prefix="product-chooser")
