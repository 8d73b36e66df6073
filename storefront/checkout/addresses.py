"""Vietnamese delivery addresses: today's 34 provinces, their wards, phone numbers.

Oscar's address model is kept; the fields are used as follows (so that
Oscar's summaries, e-mails and dashboard read naturally):
``first_name`` recipient, ``line1`` street and house number, ``line3`` ward,
``line4`` province, ``phone_number`` in E.164, ``country`` always VN. The
province code is derived from its name (``province_code_of``).
"""

from functools import cache

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from vietnam_provinces import Ward

from catalogue.provinces import today_provinces


@cache
def wards_by_province() -> dict[str, tuple[tuple[str, str], ...]]:
    """Province code -> ((ward code, ward name), ...) sorted by name."""
    grouped: dict[str, list[tuple[str, str]]] = {code: [] for code in today_provinces()}
    for ward in Ward.iter_all():
        province = f"{int(ward.province_code):02d}"
        grouped.setdefault(province, []).append((f"{int(ward.code):05d}", ward.name))
    return {code: tuple(sorted(items, key=lambda w: w[1])) for code, items in grouped.items()}


def ward_choices(province_code: str) -> tuple[tuple[str, str], ...]:
    return wards_by_province().get(province_code, ())


def ward_name(province_code: str, ward_code: str) -> str | None:
    """The ward's name, or None when the ward is not in that province."""
    return dict(ward_choices(province_code)).get(ward_code)


def province_code_of(province_name: str) -> str | None:
    for code, name in today_provinces().items():
        if name == province_name:
            return code
    return None


def vietnamese_phone(raw: str) -> str:
    """E.164 form of a Vietnamese phone number (0912 345 678, +84 912 345 678, …).

    Raises ValidationError with the reason in Vietnamese.
    """
    text = (raw or "").strip()
    if not text:
        raise ValidationError(_("Vui lòng nhập số điện thoại của người nhận."))
    if len(text) > 32:
        raise ValidationError(_("Số điện thoại quá dài."))
    try:
        number = phonenumbers.parse(text, "VN")
    except phonenumbers.NumberParseException:
        raise ValidationError(
            _("“%(value)s” không phải là số điện thoại. Ví dụ: 0912 345 678."),
            params={"value": text},
        ) from None
    if phonenumbers.region_code_for_number(number) != "VN":
        raise ValidationError(
            _("Chỉ nhận số điện thoại Việt Nam (+84), ví dụ 0912 345 678."))
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Số điện thoại “%(value)s” không hợp lệ: kiểm tra lại số chữ số và đầu số."),
            params={"value": text},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
