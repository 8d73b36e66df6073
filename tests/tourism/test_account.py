"""The shopper's vouchers at ``/accounts/vouchers/``: signed-in only, their own
vouchers with state, visit date and the host's address, a fixed number of queries."""

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from storefront.checkout import statuses
from storefront.tourism.models import Voucher

from .conftest import VISITOR, add_experience, day, place, place_experience_order

URL = reverse("tourism:voucher-list")


def signed_in(email):
    user = get_user_model().objects.create_user(username=email.split("@")[0], email=email,
                                                password="mật-khẩu-dài-1")
    client = Client()
    client.force_login(user)
    return client, user


def buy(client, product, *, visit, quantity=1):
    add_experience(client, product, visit=visit, quantity=quantity)
    client.get(reverse("checkout:shipping-method"))
    response = client.post(reverse("checkout:payment-method"), {"method": "host", **VISITOR})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert place(client).status_code == 302


def test_url_name():
    assert URL == "/accounts/vouchers/"


def test_guests_are_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_own_vouchers_with_state_date_and_host_address(experience):
    client, user = signed_in("lan@example.vn")
    buy(client, experience, visit=day(3), quantity=2)
    other, _user = signed_in("minh@example.vn")
    buy(other, experience, visit=day(5))
    mine = list(Voucher.objects.filter(order__user=user))
    theirs = Voucher.objects.get(order__user=_user)
    assert len(mine) == 2

    page = client.get(URL).content.decode()
    assert all(v.code in page for v in mine) and theirs.code not in page
    assert "Bản Lác, Mai Châu" in page and "Chưa sử dụng" in page
    assert mine[0].visit_date.strftime("%d/%m/%Y") in page

    type(mine[0].order).objects.filter(pk=mine[0].order_id).update(status=statuses.CANCELLED)
    page = client.get(URL).content.decode()
    assert "Hết giá trị" in page and "đã huỷ" in page


def test_english(experience):
    client, _user = signed_in("lan@example.vn")
    buy(client, experience, visit=day(3))
    page = client.get("/en" + URL).content.decode()
    assert "Visit date" in page and "Not used" in page and "Voucher code" in page


def test_bounded_queries(experience, django_assert_max_num_queries):
    """Six orders cost no more queries than one."""
    client, _user = signed_in("lan@example.vn")
    buy(client, experience, visit=day(1))
    with django_assert_max_num_queries(30) as one:
        client.get(URL)
    first = len(one)  # read now: the next request resets the connection's query log
    for n in range(2, 7):
        buy(client, experience, visit=day(n))
    with django_assert_max_num_queries(first):
        response = client.get(URL)
    assert response.content.decode().count("OCOP-") == 6


def test_a_guest_sees_the_vouchers_on_the_order_page_of_the_email_link(client, experience):
    (voucher,) = place_experience_order(Client(), experience)
    order = voucher.order
    url = reverse("customer:anon-order", kwargs={"order_number": order.number,
                                                 "hash": order.verification_hash()})
    form_url = client.get(url, follow=True).redirect_chain[-1][0]
    page = client.post(form_url, {"email": order.guest_email}, follow=True).content.decode()
    assert voucher.code in page and 'id="order-vouchers"' in page
