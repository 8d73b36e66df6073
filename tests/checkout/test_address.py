"""The Vietnamese delivery address: 34 provinces and their wards, phone numbers,
no postcode, country fixed to Việt Nam, consent recorded."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from catalogue.provinces import today_provinces
from storefront.checkout.addresses import ward_choices
from storefront.checkout.forms import ShippingAddressForm
from storefront.checkout.models import PersonalDataConsent

from .conftest import ADDRESS, guest_to_address, post_address

Country = get_model("address", "Country")


def form_for(**overrides):
    return ShippingAddressForm(data={**ADDRESS, **overrides})


@pytest.mark.django_db
def test_vietnam_is_the_one_shipping_country():
    vietnam = Country.objects.get(iso_3166_1_a2="VN")
    assert vietnam.is_shipping_country and vietnam.printable_name == "Việt Nam"


@pytest.mark.django_db
@pytest.mark.parametrize("province_code", sorted(today_provinces()))
def test_every_province_with_a_ward_of_it(province_code):
    wards = ward_choices(province_code)
    assert wards, province_code
    ward_code, ward = wards[len(wards) // 2]
    form = form_for(province=province_code, ward=ward_code)
    assert form.is_valid(), form.errors
    assert form.instance.line3 == ward
    assert form.instance.line4 == today_provinces()[province_code]
    assert form.instance.country_id == "VN"
    assert "postcode" not in form.fields and "country" not in form.fields


@pytest.mark.django_db
def test_a_ward_of_another_province_is_refused():
    hanoi_ward = ward_choices("01")[0][0]
    form = form_for(province="25", ward=hanoi_ward)
    assert not form.is_valid()
    assert form.errors["ward"] == ["Phường/xã này không thuộc tỉnh/thành phố đã chọn."]


@pytest.mark.django_db
@pytest.mark.parametrize("raw, stored", [
    ("0912 345 678", "+84912345678"),
    ("+84 912 345 678", "+84912345678"),
    ("0912.345.678", "+84912345678"),
    ("84912345678", "+84912345678"),
    ("024 3825 3535", "+842438253535"),
])
def test_vietnamese_phone_formats_accepted(raw, stored):
    form = form_for(phone_number=raw, ward=ward_choices("25")[0][0])
    assert form.is_valid(), form.errors
    assert form.instance.phone_number.as_e164 == stored


@pytest.mark.django_db
@pytest.mark.parametrize("raw, reason", [
    ("0912", "không hợp lệ"),
    ("0123 456 789", "không hợp lệ"),
    ("+1 202 555 0143", "Chỉ nhận số điện thoại Việt Nam"),
    ("gọi tôi", "không phải là số điện thoại"),
    ("", "Trường này là bắt buộc"),
])
def test_bad_phone_numbers_refused_with_a_reason(raw, reason):
    form = form_for(phone_number=raw, ward=ward_choices("25")[0][0])
    assert not form.is_valid()
    assert reason in form.errors["phone_number"][0]


@pytest.mark.django_db
def test_consent_is_required():
    form = form_for(consent="", ward=ward_choices("25")[0][0])
    assert not form.is_valid()
    assert "Nghị định" not in form.errors["consent"][0]
    assert "đồng ý" in form.errors["consent"][0]


def test_guest_address_stored_in_session_and_consent_recorded(client, product):
    guest_to_address(client, product)
    page = client.get(reverse("checkout:shipping-address"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Nghị định 13/2023/NĐ-CP" in html and "Tỉnh/thành phố" in html
    assert 'id="main"' in html  # inside the site's layout
    assert "Post/Zip-code" not in html and "Quốc gia" not in html

    response = post_address(client)
    assert response.status_code == 302 and response["Location"] == reverse(
        "checkout:shipping-method")
    fields = client.session["checkout_data"]["shipping"]["new_address_fields"]
    assert fields["line4"] == "Phú Thọ" and fields["country_id"] == "VN"
    consent = PersonalDataConsent.objects.get()
    assert consent.email == "lan@example.vn" and consent.version and consent.order_number == ""


def test_invalid_address_changes_nothing_and_says_why(client, product):
    guest_to_address(client, product)
    response = post_address(client, phone_number="12", consent="")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vui lòng sửa các mục" in html and "Oops" not in html
    assert not PersonalDataConsent.objects.exists()
    assert "new_address_fields" not in client.session.get("checkout_data", {}).get("shipping", {})


def test_wards_endpoint(client, db):
    data = client.get(reverse("checkout:wards", args=["22"])).json()
    assert data["province"] == "22" and len(data["wards"]) == len(ward_choices("22"))
    assert client.get(reverse("checkout:wards", args=["99"])).status_code == 404
    assert client.get("/checkout/wards/%3Cscript%3E/").status_code == 404
