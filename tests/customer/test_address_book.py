"""The address book uses checkout's Vietnamese address form: province of today's 34,
a ward of it, a Vietnamese phone number, no postcode, country Việt Nam."""

import pytest
from django.urls import reverse
from oscar.apps.address.models import UserAddress

from catalogue.provinces import today_provinces
from storefront.checkout.addresses import ward_choices
from storefront.customer.forms import UserAddressForm

from .support import visible_text


def address_data(**overrides):
    data = {"first_name": "Nguyễn Thị Lan", "phone_number": "0912 345 678", "province": "25",
            "ward": ward_choices("25")[0][0], "line1": "Số 12 đường Cù Chính Lan", "notes": ""}
    return {**data, **overrides}


def test_adding_an_address_stores_it_the_way_checkout_does(shopper_client, shopper):
    response = shopper_client.post(reverse("customer:address-create"), address_data(),
                                   follow=True)
    address = UserAddress.objects.get(user=shopper)
    assert str(address.phone_number) == "+84912345678"
    assert address.line3 == ward_choices("25")[0][1]
    assert address.line4 == today_provinces()["25"]
    assert address.country_id == "VN" and address.postcode == ""
    assert "Đã thêm địa chỉ" in visible_text(response.content.decode())


@pytest.mark.parametrize("overrides, reason", [
    ({"phone_number": "12345"}, "không hợp lệ"),
    ({"phone_number": "+1 202 555 0101"}, "Chỉ nhận số điện thoại Việt Nam"),
    ({"phone_number": "không có số"}, "không phải là số điện thoại"),
    ({"phone_number": ""}, "Trường này là bắt buộc."),
    ({"province": "99"}, "Vui lòng chọn tỉnh/thành phố trong danh sách."),
    ({"ward": ward_choices("01")[0][0]}, "Phường/xã này không thuộc tỉnh/thành phố đã chọn."),
    ({"first_name": ""}, "Trường này là bắt buộc."),
])
def test_bad_addresses_are_refused_with_a_reason(shopper_client, shopper, overrides, reason):
    response = shopper_client.post(reverse("customer:address-create"), address_data(**overrides))
    assert response.status_code == 200
    assert reason in visible_text(response.content.decode())
    assert not UserAddress.objects.filter(user=shopper).exists()


def test_every_province_and_a_ward_of_it(shopper):
    provinces = today_provinces()
    assert len(provinces) == 34
    for code in provinces:
        ward_code, ward_name = ward_choices(code)[-1]
        form = UserAddressForm(shopper, data=address_data(province=code, ward=ward_code,
                                                          phone_number="+84 912 345 678"))
        assert form.is_valid(), (code, form.errors)
        assert (form.instance.line3, form.instance.line4) == (ward_name, provinces[code])


def test_editing_shows_the_stored_province_ward_and_phone(shopper_client, shopper):
    shopper_client.post(reverse("customer:address-create"), address_data())
    address = UserAddress.objects.get(user=shopper)
    html = shopper_client.get(reverse("customer:address-detail", args=[address.pk])).content
    html = html.decode()
    assert '<option value="25" selected>' in html
    assert f'<option value="{ward_choices("25")[0][0]}" selected>' in html
    assert 'value="0912 345 678"' in html
    other_ward = ward_choices("25")[1]
    shopper_client.post(reverse("customer:address-detail", args=[address.pk]),
                        address_data(ward=other_ward[0]))
    address.refresh_from_db()
    assert address.line3 == other_ward[1]


def test_the_same_address_twice_is_refused(shopper_client, shopper):
    shopper_client.post(reverse("customer:address-create"), address_data())
    again = shopper_client.post(reverse("customer:address-create"), address_data())
    assert "Địa chỉ này đã có trong sổ địa chỉ của bạn." in visible_text(again.content.decode())
    assert UserAddress.objects.filter(user=shopper).count() == 1


def test_default_address_is_chosen_by_post_only(shopper_client, shopper):
    for street in ("Số 1 Lê Lợi", "Số 2 Lê Lợi"):
        shopper_client.post(reverse("customer:address-create"), address_data(line1=street))
    first, second = UserAddress.objects.filter(user=shopper).order_by("pk")
    url = reverse("customer:address-change-status", args=[second.pk, "default_for_shipping"])
    assert shopper_client.get(url).status_code == 405
    shopper_client.post(url)
    second.refresh_from_db()
    assert second.is_default_for_shipping
    page = shopper_client.get(reverse("customer:address-list")).content.decode()
    assert "Địa chỉ giao hàng mặc định" in page


def test_another_shoppers_address_is_not_found(client, shopper, other):
    address = UserAddress.objects.create(user=shopper, first_name="Lan", line1="Số 1",
                                         line4="Phú Thọ", country_id="VN")
    client.force_login(other)
    for name in ("customer:address-detail", "customer:address-delete"):
        assert client.get(reverse(name, args=[address.pk])).status_code == 404
        assert client.post(reverse(name, args=[address.pk]), address_data()).status_code == 404
    url = reverse("customer:address-change-status", args=[address.pk, "default_for_shipping"])
    assert client.post(url).status_code == 404
    assert UserAddress.objects.filter(pk=address.pk, is_default_for_shipping=False).exists()


def test_deleting_an_address(shopper_client, shopper):
    shopper_client.post(reverse("customer:address-create"), address_data())
    address = UserAddress.objects.get(user=shopper)
    response = shopper_client.post(reverse("customer:address-delete", args=[address.pk]),
                                   follow=True)
    assert "Đã xoá địa chỉ" in visible_text(response.content.decode())
    assert not UserAddress.objects.filter(user=shopper).exists()


def test_an_address_book_entry_is_offered_at_checkout(shopper_client, shopper):
    """Addresses saved here are the ones checkout offers (country Việt Nam)."""
    from storefront.checkout.views import ShippingAddressView

    shopper_client.post(reverse("customer:address-create"), address_data())
    view = ShippingAddressView()
    view.request = type("R", (), {"user": shopper})()
    assert list(view.get_available_addresses()) == list(UserAddress.objects.filter(user=shopper))
