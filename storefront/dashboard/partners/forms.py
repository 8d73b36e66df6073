"""Head office's showroom form: profile, address with a ward of the chosen
province, and opening periods as a formset (works without JavaScript)."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.partners.forms import *  # noqa: F401,F403 (Oscar's other forms)

from shops.hours import WEEKDAY_NAMES, Period, overlaps
from shops.models import OpeningPeriod, Partner
from shops.wards import ward_choices, ward_province

MAX_PERIODS = 35  # five a day is already generous


class ShowroomForm(forms.ModelForm):
    # A plain text value on a select: a ward of another province gets our reason,
    # not the generic "not one of the choices".
    ward_code = forms.CharField(label=_("Phường/xã"), required=False, max_length=5,
                                widget=forms.Select)

    class Meta:
        model = Partner
        fields = (
            "name", "slug", "is_showroom", "is_active", "province_code", "ward_code", "address",
            "phone", "email", "latitude", "longitude", "photo", "opening_hours",
        )
        labels = {"name": _("Tên điểm bán"), "slug": _("Đường dẫn (slug)")}
        help_texts = {
            "slug": _("Chữ thường không dấu, số và dấu gạch ngang; trang: /showrooms/<slug>/."),
            "latitude": _("Ví dụ 20.955100 (−90 đến 90)."),
            "longitude": _("Ví dụ 107.048300 (−180 đến 180)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.fields["slug"].required = True
        province = self.data.get(self.add_prefix("province_code")) if self.is_bound else None
        province = province or (self.instance.province_code if self.instance else "")
        # Only the chosen province's wards: pick the province, save, then the ward.
        self.fields["ward_code"].widget.choices = [("", "—")] + ward_choices(str(province or ""))
        if not province:
            self.fields["ward_code"].help_text = _("Chọn tỉnh/thành và lưu, rồi chọn phường/xã.")

    def clean_latitude(self):
        return _bounded(self.cleaned_data.get("latitude"), 90, _("Vĩ độ"))

    def clean_longitude(self):
        return _bounded(self.cleaned_data.get("longitude"), 180, _("Kinh độ"))

    def clean(self):
        cleaned = super().clean()
        ward, province = cleaned.get("ward_code"), cleaned.get("province_code")
        if ward and ward_province(ward) != province:
            self.add_error(
                "ward_code", _("Phường/xã này không thuộc tỉnh/thành đã chọn; hãy chọn lại.")
            )
        if cleaned.get("is_showroom") and not province:
            self.add_error("province_code", _("Điểm bán cần có tỉnh/thành."))
        return cleaned


def _bounded(value, limit, label):
    if value is not None and not -limit <= value <= limit:
        raise ValidationError(
            _("%(label)s phải nằm trong khoảng −%(limit)s đến %(limit)s."),
            params={"label": label, "limit": limit},
        )
    return value


PartnerCreateForm = ShowroomForm


class OpeningPeriodForm(forms.ModelForm):
    class Meta:
        model = OpeningPeriod
        fields = ("weekday", "opens", "closes")
        widgets = {
            "opens": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "closes": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("opens") is not None and cleaned.get("opens") == cleaned.get("closes"):
            raise ValidationError(_("Giờ mở cửa và giờ đóng cửa phải khác nhau."))
        return cleaned


class BaseOpeningPeriodFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        periods = [
            Period(f.cleaned_data["weekday"], f.cleaned_data["opens"], f.cleaned_data["closes"])
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        clash = overlaps(periods)
        if clash:
            first, second = clash
            raise ValidationError(
                _("Hai khoảng giờ trùng nhau: %(a)s %(b)s và %(c)s %(d)s.")
                % {"a": WEEKDAY_NAMES[first.weekday], "b": first.label(),
                   "c": WEEKDAY_NAMES[second.weekday], "d": second.label()}
            )
        self.periods = periods


OpeningPeriodFormSet = inlineformset_factory(
    Partner,
    OpeningPeriod,
    form=OpeningPeriodForm,
    formset=BaseOpeningPeriodFormSet,
    extra=3,
    can_delete=True,
    max_num=MAX_PERIODS,
    validate_max=True,
    absolute_max=MAX_PERIODS,
)
