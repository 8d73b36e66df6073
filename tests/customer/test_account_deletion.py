"""Deleting an account (Decree 13/2023/NĐ-CP, the right to erasure): explained,
confirmed by password; orders and the consent record are kept, the rest goes."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from oscar.apps.address.models import UserAddress

from storefront.checkout.models import PersonalDataConsent
from storefront.customer.services import account_consent_record

from .conftest import PASSWORD, certified_product, make_user, place_order
from .support import visible_text

User = get_user_model()


def test_the_page_explains_what_goes_and_what_stays(shopper_client, shopper, showroom, groups):
    place_order(shopper, [certified_product(showroom)])
    text = visible_text(shopper_client.get(reverse("customer:profile-delete")).content.decode())
    assert "Sẽ bị xoá ngay" in text and "Được giữ lại, và vì sao" in text
    assert "1 đơn hàng đã đặt" in text and "tối thiểu 10 năm" in text


def test_a_wrong_password_deletes_nothing(shopper_client, shopper):
    response = shopper_client.post(reverse("customer:profile-delete"), {"password": "sai"})
    assert "Mật khẩu không đúng." in visible_text(response.content.decode())
    assert User.objects.filter(pk=shopper.pk).exists()


def test_deletion_keeps_orders_and_consent_and_removes_the_rest(
    shopper_client, shopper, showroom, groups
):
    order = place_order(shopper, [certified_product(showroom)])
    account_consent_record(user=shopper)
    UserAddress.objects.create(user=shopper, first_name="Lan", line1="Số 1", line4="Phú Thọ",
                               country_id="VN")
    response = shopper_client.post(reverse("customer:profile-delete"), {"password": PASSWORD},
                                   follow=True)
    assert "Tài khoản của bạn đã được xoá." in visible_text(response.content.decode())
    assert not User.objects.filter(pk=shopper.pk).exists()
    assert not UserAddress.objects.exists()
    order.refresh_from_db()
    assert order.user_id is None and order.email == "lan@example.vn"
    consent = PersonalDataConsent.objects.get()
    assert consent.user_id is None and consent.email == "lan@example.vn"
    assert "_auth_user_id" not in shopper_client.session


def test_staff_accounts_are_not_deleted_here(client, db):
    staff = make_user("admin@ocop.example.vn", is_staff=True)
    client.force_login(staff)
    response = client.post(reverse("customer:profile-delete"), {"password": PASSWORD},
                           follow=True)
    assert "Tài khoản quản trị không tự xoá được ở đây." in visible_text(
        response.content.decode())
    assert User.objects.filter(pk=staff.pk).exists()
