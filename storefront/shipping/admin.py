"""Rate cards in Django admin: Oscar's, plus the provinces a card applies to
(Oscar's dashboard edits names and weight bands; it has no province field)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping.admin import WeightBasedAdmin as OscarWeightBasedAdmin

from catalogue.provinces import province_choices

from .models import WeightBased


class WeightBasedForm(forms.ModelForm):
    provinces = forms.MultipleChoiceField(
        label=_("Tỉnh/thành phố áp dụng"), choices=province_choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Không chọn tỉnh nào: áp dụng cho mọi tỉnh chưa có biểu phí riêng."),
    )

    class Meta:
        model = WeightBased
        exclude = ["province_codes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["provinces"] = self.instance.provinces

    def save(self, commit=True):
        self.instance.province_codes = ",".join(sorted(self.cleaned_data["provinces"]))
        return super().save(commit)


class WeightBasedAdmin(OscarWeightBasedAdmin):
    form = WeightBasedForm
    list_display = ("name", "province_names", "default_weight")


admin.site.unregister(WeightBased)
admin.site.register(WeightBased, WeightBasedAdmin)
