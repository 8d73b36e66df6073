"""Account forms in Vietnamese: registration with consent (Decree 13/2023/NĐ-CP),
login, profile, the address book's Vietnamese address form.

Oscar loads these by name (``get_class("customer.forms", ...)``); the classes
not defined here stay Oscar's.
"""

import phonenumbers
from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.utils.translation import gettext_lazy as _
from oscar.apps.customer import forms as oscar_forms
from oscar.core.loading import get_model

from storefront.checkout.addresses import province_code_of, ward_choices
from storefront.checkout.forms import ConsentField, ShippingAddressForm

PasswordResetForm = oscar_forms.PasswordResetForm
OrderSearchForm = oscar_forms.OrderSearchForm
UserAddress = get_model("address", "UserAddress")

EMAIL_INVALID = _("Email chưa đúng. Ví dụ: ten@example.vn")
EMAIL_TAKEN = _("Email này đã được dùng cho một tài khoản. Vui lòng đăng nhập, hoặc lấy lại "
                "mật khẩu nếu bạn quên.")


class RegistrationConsentField(ConsentField):
    """The checkout's consent notice, refused at registration with its own reason."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.error_messages["required"] = _(
            "Bạn cần đồng ý cho cửa hàng xử lý dữ liệu cá nhân (Nghị định 13/2023/NĐ-CP) "
            "để tạo tài khoản. Nếu không muốn, bạn vẫn có thể mua hàng không cần tài khoản.")


class EmailUserCreationForm(oscar_forms.EmailUserCreationForm):
    email = forms.EmailField(label=_("Email"), error_messages={"invalid": EMAIL_INVALID},
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password1 = forms.CharField(label=_("Mật khẩu"), strip=False, help_text=_("Ít nhất 8 ký tự."),
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Nhập lại mật khẩu"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    consent = RegistrationConsentField()

    def clean_email(self):
        try:
            return super().clean_email()
        except forms.ValidationError:
            raise forms.ValidationError(EMAIL_TAKEN) from None

    def clean_password2(self):
        password1 = self.cleaned_data.get("password1", "")
        password2 = self.cleaned_data.get("password2", "")
        if password1 != password2:
            raise forms.ValidationError(_("Hai mật khẩu bạn nhập không giống nhau."))
        return password2


class EmailAuthenticationForm(oscar_forms.EmailAuthenticationForm):
    username = forms.EmailField(label=_("Email"), error_messages={"invalid": EMAIL_INVALID},
                                widget=forms.EmailInput(
                                    attrs={"autocomplete": "email", "autofocus": True}))
    password = forms.CharField(label=_("Mật khẩu"), strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "current-password"}))

    error_messages = {
        "invalid_login": _("Email hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa "
                           "và chữ thường."),
        "inactive": _("Tài khoản này đã bị khoá. Vui lòng liên hệ cửa hàng."),
    }


class ConfirmPasswordForm(oscar_forms.ConfirmPasswordForm):
    password = forms.CharField(label=_("Mật khẩu hiện tại"), strip=False,
                               widget=forms.PasswordInput(
                                   attrs={"autocomplete": "current-password"}))

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Mật khẩu không đúng."))
        return password


class ChangePasswordForm(PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": _("Mật khẩu hiện tại không đúng. Vui lòng nhập lại."),
        "password_mismatch": _("Hai mật khẩu mới bạn nhập không giống nhau."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Mật khẩu hiện tại")
        self.fields["new_password1"].label = _("Mật khẩu mới")
        self.fields["new_password1"].help_text = _(
            "Ít nhất 8 ký tự.")
        self.fields["new_password2"].label = _("Nhập lại mật khẩu mới")


class ProfileForm(oscar_forms.UserForm):
    """Family name first, as Vietnamese names are written."""

    class Meta(oscar_forms.UserForm.Meta):
        fields = ["last_name", "first_name", "email"]
        error_messages = {"email": {"invalid": EMAIL_INVALID}}
        labels = {"last_name": _("Họ và tên đệm"), "first_name": _("Tên"),
                  "email": _("Email")}

    def clean_email(self):
        try:
            return super().clean_email()
        except forms.ValidationError:
            raise forms.ValidationError(EMAIL_TAKEN) from None


class UserAddressForm(ShippingAddressForm):
    """The checkout's Vietnamese address form, for the address book: recipient,
    Vietnamese phone, province of today's 34 and a ward of it, street; no
    postcode; country Việt Nam. Consent is asked at registration, not here."""

    consent = None

    class Meta(ShippingAddressForm.Meta):
        model = UserAddress

    def __init__(self, user, *args, **kwargs):
        instance = kwargs.get("instance")
        if instance is not None and instance.pk and not kwargs.get("data"):
            kwargs["initial"] = {**address_initial(instance), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.instance.user = user
        self.fields["province"].error_messages["invalid_choice"] = _(
            "Vui lòng chọn tỉnh/thành phố trong danh sách.")


def address_initial(address) -> dict:
    """Province and ward codes (from the names stored) and the phone as written at home."""
    initial = {}
    province = province_code_of(address.line4 or "")
    if province:
        initial["province"] = province
        initial["ward"] = next(
            (code for code, name in ward_choices(province) if name == address.line3), "")
    if address.phone_number:
        try:
            initial["phone_number"] = phonenumbers.format_number(
                phonenumbers.parse(str(address.phone_number), "VN"),
                phonenumbers.PhoneNumberFormat.NATIONAL)
        except phonenumbers.NumberParseException:
            initial["phone_number"] = str(address.phone_number)
    return initial


__all__ = [
    "ChangePasswordForm", "ConfirmPasswordForm", "EmailAuthenticationForm",
    "EmailUserCreationForm", "OrderSearchForm", "PasswordResetForm", "ProfileForm",
    "UserAddressForm",
]
