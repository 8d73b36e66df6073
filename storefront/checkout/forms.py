"""Checkout forms: the Vietnamese delivery address (Oscar's fields reused, see
``addresses``) and Oscar's other checkout forms unchanged."""

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout.forms import GatewayForm, ShippingMethodForm  # noqa: F401
from oscar.core.loading import get_model

from catalogue.provinces import province_choices, today_provinces

from .addresses import vietnamese_phone, ward_choices, ward_name

Country = get_model("address", "Country")

CONSENT_LABEL = _(
    "Tôi đồng ý để cửa hàng xử lý họ tên, số điện thoại, địa chỉ và email của tôi "
    "nhằm giao hàng, liên hệ về đơn hàng và hoá đơn, theo Nghị định 13/2023/NĐ-CP "
    "về bảo vệ dữ liệu cá nhân. Tôi có thể rút lại sự đồng ý bất cứ lúc nào."
)
CONSENT_PURPOSES = "giao hàng; liên hệ về đơn hàng; hoá đơn"


class ConsentField(forms.BooleanField):
    def __init__(self, **kwargs):
        super().__init__(
            label=CONSENT_LABEL,
            required=True,
            error_messages={"required": _(
                "Cần sự đồng ý của bạn về xử lý dữ liệu cá nhân để giao hàng.")},
            **kwargs,
        )


class ShippingAddressForm(forms.ModelForm):
    """Recipient, Vietnamese phone, province (34), ward of that province, street.

    No postcode; the country is always Việt Nam.
    """

    phone_number = forms.CharField(
        label=_("Số điện thoại"), max_length=64,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel",
                                      "placeholder": "0912 345 678"}),
    )
    province = forms.ChoiceField(label=_("Tỉnh/thành phố"))
    ward = forms.ChoiceField(label=_("Phường/xã"), error_messages={
        "invalid_choice": _("Phường/xã này không thuộc tỉnh/thành phố đã chọn.")})
    consent = ConsentField()

    class Meta:
        model = get_model("order", "shippingaddress")
        fields = ["first_name", "phone_number", "line1", "notes"]
        labels = {
            "first_name": _("Họ và tên người nhận"),
            "line1": _("Số nhà, tên đường, thôn/xóm"),
            "notes": _("Ghi chú cho người giao hàng"),
        }
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    field_order = ["first_name", "phone_number", "province", "ward", "line1", "notes", "consent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["first_name"].widget.attrs["autocomplete"] = "name"
        self.fields["line1"].widget.attrs["autocomplete"] = "address-line1"
        self.fields["province"].choices = [("", _("— Chọn tỉnh/thành phố —")), *province_choices()]
        # Only the chosen province's wards are listed (site.js reloads them on change).
        province = self.data.get(self.add_prefix("province")) if self.is_bound else (
            self.initial.get("province"))
        self.fields["ward"].choices = [
            ("", _("— Chọn phường/xã —")), *ward_choices(str(province or ""))]

    def clean_phone_number(self):
        return vietnamese_phone(self.cleaned_data["phone_number"])

    def clean(self):
        data = super().clean()
        province, ward = data.get("province"), data.get("ward")
        if province and ward:
            name = ward_name(province, ward)
            if name is None:
                self.add_error("ward", _("Phường/xã này không thuộc tỉnh/thành phố đã chọn."))
            else:
                self.instance.line3 = name
                self.instance.line4 = today_provinces()[province]
        self.instance.country = Country.objects.get(iso_3166_1_a2="VN")
        return data


class AddressBookConsentForm(forms.Form):
    """Consent asked again when a signed-in shopper picks a saved address."""

    consent = ConsentField()


class PaymentMethodForm(forms.Form):
    """The payment method; for a basket of experiences only (no address step), also
    who will visit (the host sees the name) and the consent the address step asks."""

    method = forms.ChoiceField(label=_("Cách thanh toán"), widget=forms.RadioSelect,
                               error_messages={"invalid_choice": _(
                                   "Cách thanh toán này không áp dụng cho đơn hàng của bạn.")})

    def __init__(self, *args, methods=(), visitor=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.methods = list(methods)
        self.fields["method"].choices = [(m.code, m.name) for m in self.methods]
        self.asks_visitor = visitor
        if visitor:
            self.fields["visitor_name"] = forms.CharField(
                label=_("Họ và tên người tham quan"), max_length=255,
                error_messages={"required": _("Vui lòng nhập họ tên người tham quan.")},
                widget=forms.TextInput(attrs={"autocomplete": "name"}))
            self.fields["visitor_phone"] = forms.CharField(
                label=_("Số điện thoại"), max_length=64,
                error_messages={"required": _("Vui lòng nhập số điện thoại.")},
                widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel",
                                              "placeholder": "0912 345 678"}))
            self.fields["consent"] = ConsentField()

    def clean_visitor_name(self):
        name = " ".join(self.cleaned_data["visitor_name"].split())
        if not name:
            raise forms.ValidationError(_("Vui lòng nhập họ tên người tham quan."))
        return name

    def clean_visitor_phone(self):
        return vietnamese_phone(self.cleaned_data["visitor_phone"])
