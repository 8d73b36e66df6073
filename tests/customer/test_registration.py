"""Registration asks for consent (Decree 13/2023/NĐ-CP) and records it with the
account; without it nothing is created. Login and its errors in Vietnamese."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from storefront.checkout.forms import CONSENT_PURPOSES
from storefront.checkout.models import CONSENT_VERSION, PersonalDataConsent

from .conftest import PASSWORD
from .support import visible_text

User = get_user_model()

REGISTRATION = {
    "registration-email": "mai@example.vn",
    "registration-password1": "bưởi-đỏ-tân-lạc",
    "registration-password2": "bưởi-đỏ-tân-lạc",
    "registration-consent": "on",
    "registration_submit": "1",
}


@pytest.mark.django_db
def test_registration_with_consent_creates_the_account_and_records_the_consent(client):
    response = client.post(reverse("customer:login"), REGISTRATION, follow=True)
    user = User.objects.get(email="mai@example.vn")
    consent = PersonalDataConsent.objects.get()
    assert (consent.user, consent.email, consent.version, consent.purposes) == (
        user, "mai@example.vn", CONSENT_VERSION, CONSENT_PURPOSES)
    assert consent.order_number == ""
    assert response.context["user"] == user  # signed in
    assert "Tạo tài khoản thành công. Chào mừng bạn!" in visible_text(response.content.decode())


@pytest.mark.django_db
def test_registration_without_consent_is_refused_with_the_reason(client):
    data = {k: v for k, v in REGISTRATION.items() if k != "registration-consent"}
    response = client.post(reverse("customer:login"), data)
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "Bạn cần đồng ý cho cửa hàng xử lý dữ liệu cá nhân" in text
    assert "Vui lòng sửa các mục được đánh dấu bên dưới." in text
    assert not User.objects.filter(email="mai@example.vn").exists()
    assert not PersonalDataConsent.objects.exists()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_registration_page_asks_the_checkout_notice(client):
    html = client.get(reverse("customer:register")).content.decode()
    assert "theo Nghị định 13/2023/NĐ-CP" in html and 'name="consent"' in html
    data = {k.removeprefix("registration-"): v for k, v in REGISTRATION.items()}
    data.pop("consent")
    assert client.post(reverse("customer:register"), data).status_code == 200
    assert not User.objects.exists()
    data["consent"] = "on"
    response = client.post(reverse("customer:register"), data)
    assert response.status_code == 302
    assert PersonalDataConsent.objects.get().user == User.objects.get()


@pytest.mark.parametrize("overrides, reason", [
    ({"registration-email": "lan@example.vn"}, "Email này đã được dùng cho một tài khoản."),
    ({"registration-email": "LAN@Example.vn"}, "Email này đã được dùng cho một tài khoản."),
    ({"registration-password2": "khác-hẳn-mật-khẩu"}, "Hai mật khẩu bạn nhập không giống nhau."),
    ({"registration-password1": "ngan", "registration-password2": "ngan"},
     "Mật khẩu quá ngắn: cần ít nhất 8 ký tự."),
    ({"registration-email": "khong-phai-email"}, "Email chưa đúng. Ví dụ: ten@example.vn"),
])
def test_bad_registrations_are_refused_with_a_reason(client, shopper, overrides, reason):
    response = client.post(reverse("customer:login"), {**REGISTRATION, **overrides})
    assert response.status_code == 200
    assert reason in visible_text(response.content.decode())
    assert User.objects.count() == 1 and not PersonalDataConsent.objects.exists()


def test_login_in_vietnamese(client, shopper):
    wrong = client.post(reverse("customer:login"), {
        "login-username": "lan@example.vn", "login-password": "sai", "login_submit": "1"})
    assert "Email hoặc mật khẩu không đúng." in visible_text(wrong.content.decode())
    right = client.post(reverse("customer:login"), {
        "login-username": "lan@example.vn", "login-password": PASSWORD, "login_submit": "1"},
        follow=True)
    assert right.context["user"] == shopper
    assert "Chào mừng bạn trở lại!" in visible_text(right.content.decode())


@pytest.mark.django_db
def test_a_post_without_a_button_gets_a_reason_not_an_error(client):
    response = client.post(reverse("customer:login"), {"x": "1"}, follow=True)
    assert response.status_code == 200
    assert "Vui lòng bấm “Đăng nhập” hoặc “Đăng ký”." in visible_text(response.content.decode())


def test_password_reset_mails_a_link_that_sets_a_new_password(client, shopper, mailoutbox):
    response = client.post(reverse("password-reset"), {"email": "lan@example.vn"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    import re

    link = re.search(r"/password-reset/confirm/[^\s\"<]+/", mailoutbox[0].body).group(0)
    form = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in visible_text(form.content.decode())
    done = client.post(form.redirect_chain[-1][0] if form.redirect_chain else link, {
        "new_password1": "chè-shan-tuyết", "new_password2": "chè-shan-tuyết"}, follow=True)
    assert "Mật khẩu của bạn đã được đổi." in visible_text(done.content.decode())
    shopper.refresh_from_db()
    assert shopper.check_password("chè-shan-tuyết")


def test_change_password(shopper_client, shopper):
    url = reverse("customer:change-password")
    wrong = shopper_client.post(url, {"old_password": "sai", "new_password1": "chè-shan-tuyết",
                                      "new_password2": "chè-shan-tuyết"})
    assert "Mật khẩu hiện tại không đúng." in visible_text(wrong.content.decode())
    done = shopper_client.post(url, {"old_password": PASSWORD, "new_password1": "chè-shan-tuyết",
                                     "new_password2": "chè-shan-tuyết"}, follow=True)
    assert "Đã đổi mật khẩu." in visible_text(done.content.decode())
    shopper.refresh_from_db()
    assert shopper.check_password("chè-shan-tuyết")


def test_profile_edit_refuses_a_taken_email(shopper_client, shopper, other):
    url = reverse("customer:profile-update")
    taken = shopper_client.post(url, {"last_name": "Nguyễn", "first_name": "Lan",
                                      "email": "HUNG@example.vn"})
    assert "Email này đã được dùng cho một tài khoản." in visible_text(taken.content.decode())
    saved = shopper_client.post(url, {"last_name": "Trần Thị", "first_name": "Mai",
                                      "email": "mai@example.vn"}, follow=True)
    text = visible_text(saved.content.decode())
    assert "Đã lưu hồ sơ của bạn." in text and "Trần Thị Mai" in text
