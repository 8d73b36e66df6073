"""Password guessing is throttled on every login form: after AXES_FAILURE_LIMIT
failures a login name is locked from that address, the right password included,
until the cool-off has passed."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

pytestmark = pytest.mark.django_db

EMAIL = "lan@ocop.test"
PASSWORD = "mat-khau-dung-123"
LOCKED = "Đăng nhập bị tạm khóa vì mật khẩu đã bị nhập sai 5 lần."


@pytest.fixture(autouse=True)
def _throttle(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=30)


@pytest.fixture
def customer(django_user_model):
    return django_user_model.objects.create_user("lan", EMAIL, PASSWORD)


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        "bientap", "bientap@ocop.test", PASSWORD, is_staff=True, is_superuser=True
    )


def shop_login(client, password, email=EMAIL, ip="203.0.113.7", path="/accounts/login/"):
    data = {"login-username": email, "login-password": password, "login_submit": "1"}
    return client.post(path, data, REMOTE_ADDR=ip)


def admin_login(client, path, password, username="bientap"):
    return client.post(path, {"username": username, "password": password},
                       REMOTE_ADDR="203.0.113.9")


def test_shop_login_is_locked_after_five_failures_then_refuses_the_right_password(
    client, customer
):
    for _ in range(4):
        response = shop_login(client, "sai-mat-khau")
        assert response.status_code == 200  # the form again, with its error
    locked = shop_login(client, "sai-mat-khau")
    assert locked.status_code == 429
    assert LOCKED in locked.content.decode()
    assert "Vui lòng thử lại sau 30 phút." in locked.content.decode()

    refused = shop_login(client, PASSWORD)
    assert refused.status_code == 429
    assert LOCKED in refused.content.decode()
    assert "_auth_user_id" not in client.session
    # The letter case of the e-mail address does not open another five tries.
    assert shop_login(client, PASSWORD, email=EMAIL.upper()).status_code == 429


def test_the_lock_lifts_after_the_cool_off(client, customer):
    for _ in range(5):
        shop_login(client, "sai-mat-khau")
    assert shop_login(client, PASSWORD).status_code == 429
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=31)):
        response = shop_login(client, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(customer.pk)


def test_the_lock_is_for_that_login_from_that_address(client, customer):
    for _ in range(5):
        shop_login(client, "sai-mat-khau")
    assert shop_login(client, PASSWORD, ip="198.51.100.20").status_code == 302


def test_a_success_before_the_limit_starts_the_count_again(client, customer):
    for _ in range(4):
        shop_login(client, "sai-mat-khau")
    assert shop_login(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert shop_login(client, "sai-mat-khau").status_code == 200


@pytest.mark.parametrize("path", ["/admin/login/", "/cms/login/"])
def test_django_admin_and_wagtail_logins_are_throttled_too(client, staff, path):
    for _ in range(4):
        assert admin_login(client, path, "sai-mat-khau").status_code == 200
    assert admin_login(client, path, "sai-mat-khau").status_code == 429
    refused = admin_login(client, path, PASSWORD)
    assert refused.status_code == 429
    assert LOCKED in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_logins_without_a_request_are_not_throttled(client, customer):
    for _ in range(5):
        shop_login(client, "sai-mat-khau")
    # Client.login() (scripts, tests) authenticates without a request: nothing to count.
    assert client.login(username=EMAIL, password=PASSWORD)


def test_the_lockout_page_speaks_english_too(client, customer):
    for _ in range(5):
        locked = shop_login(client, "sai-mat-khau", path="/en/accounts/login/")
    html = locked.content.decode()
    assert "Login is locked because a wrong password was entered 5 times." in html
    assert "Please try again in 30 minutes." in html
