"""Redemption at the host (``/dashboard/showroom/vouchers/``): look a code up as typed
or scanned, see what it is for and whether it is paid, redeem once; another host's
code is "not found"; cancelled, unpaid, uncertified and wrong-day vouchers are
refused with the reason (frozen time on both sides of local midnight); guessing is
throttled; the upcoming visits list is paginated at a fixed number of queries."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from catalogue.models import Certificate
from catalogue.validity import OCOP_TZ, local_today
from storefront.checkout import statuses
from storefront.tourism.models import LookupThrottle, Voucher
from storefront.tourism.services import LOOKUP_FAILURE_LIMIT

from .conftest import day, place_experience_order

URL = reverse("dashboard:showroom-vouchers")


def at(date: dt.date, hour=10, minute=0, second=0):
    return dt.datetime.combine(date, dt.time(hour, minute, second), tzinfo=OCOP_TZ)


def staff_client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def voucher(client, experience):
    (voucher,) = place_experience_order(client, experience, visit=day(2))
    return voucher


def test_lookup_shows_what_the_host_needs(voucher, host_staff):
    typed = voucher.code.lower().replace("-", " ").replace("ocop ", "")  # "7k3m q9tx"
    with time_machine.travel(at(voucher.visit_date), tick=False):
        page = staff_client(host_staff).get(URL, {"code": typed}).content.decode()
    assert voucher.code in page and "Trải nghiệm bản Lác Mai Châu" in page
    assert voucher.visit_date.strftime("%d/%m/%Y") in page and "Nguyễn Thị Lan" in page
    assert "Chưa thanh toán: thu 450.000" in page and 'id="voucher-redeem"' in page


def test_redeem_once_and_use_the_held_place(voucher, host_staff):
    client = staff_client(host_staff)
    record = voucher.line.stockrecord
    record.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated) == (10, 1)
    with time_machine.travel(at(voucher.visit_date), tick=False):
        response = client.post(URL, {"code": voucher.code})
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
        assert "Đã xác nhận phiếu" in page and "Phiếu đã được sử dụng lúc" in page
        again = client.post(URL, {"code": voucher.code}, follow=True).content.decode()
    assert "Không thể xác nhận phiếu" in again and "đã được sử dụng" in again
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.REDEEMED and voucher.redeemed_by == host_staff
    record.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated) == (9, 0)  # one place used
    # The visit is over: the line is done and the order complete.
    voucher.line.refresh_from_db()
    voucher.order.refresh_from_db()
    assert voucher.line.status == statuses.LINE_COLLECTED
    assert voucher.order.status == statuses.COMPLETED


def test_another_hosts_code_is_not_found_and_not_redeemed(voucher, other_staff):
    client = staff_client(other_staff)
    with time_machine.travel(at(voucher.visit_date), tick=False):
        page = client.get(URL, {"code": voucher.code}).content.decode()
        posted = client.post(URL, {"code": voucher.code})
    assert "Không tìm thấy phiếu" in page
    assert "Bản Lác" not in page and "Nguyễn Thị Lan" not in page and "450.000" not in page
    assert posted.status_code == 404 and "Nguyễn Thị Lan" not in posted.content.decode()
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.ISSUED


@pytest.mark.parametrize(("moment", "ok"), [
    (lambda d: at(d - dt.timedelta(days=1), 23, 59, 59), False),
    (lambda d: at(d, 0, 0, 0), True),
    (lambda d: at(d, 23, 59, 59), True),
    (lambda d: at(d + dt.timedelta(days=1), 0, 0, 0), False),
])
def test_only_on_the_visit_date_local_time(voucher, host_staff, moment, ok):
    with time_machine.travel(moment(voucher.visit_date), tick=False):
        response = staff_client(host_staff).post(URL, {"code": voucher.code}, follow=True)
    voucher.refresh_from_db()
    assert (voucher.status == Voucher.Status.REDEEMED) is ok
    if not ok:
        assert "Phiếu dùng cho ngày" in response.content.decode()


@pytest.mark.parametrize(("status", "reason"), [
    (statuses.CANCELLED, "không còn giá trị"),
    (statuses.REFUNDED, "không còn giá trị"),
    (statuses.ON_HOLD, "đang tạm giữ"),
])
def test_order_state_read_at_redemption(voucher, host_staff, status, reason):
    type(voucher.order).objects.filter(pk=voucher.order_id).update(status=status)
    with time_machine.travel(at(voucher.visit_date), tick=False):
        page = staff_client(host_staff).post(URL, {"code": voucher.code},
                                             follow=True).content.decode()
    assert reason in page
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.ISSUED


def test_a_cancelled_line_voids_its_vouchers(voucher, host_staff):
    type(voucher.line).objects.filter(pk=voucher.line_id).update(status=statuses.CANCELLED)
    with time_machine.travel(at(voucher.visit_date), tick=False):
        page = staff_client(host_staff).get(URL, {"code": voucher.code}).content.decode()
    assert "không còn giá trị" in page and 'id="voucher-redeem"' not in page


def test_card_vouchers_wait_for_payment(client, experience, host_staff, stripe_server):
    (voucher,) = place_experience_order(client, experience, payment="card", visit=day(2))
    staff = staff_client(host_staff)
    with time_machine.travel(at(voucher.visit_date), tick=False):
        page = staff.post(URL, {"code": voucher.code}, follow=True).content.decode()
        assert "chưa được thanh toán" in page
        type(voucher.order).objects.filter(pk=voucher.order_id).update(status=statuses.PAID)
        page = staff.get(URL, {"code": voucher.code}).content.decode()
        assert "Đã thanh toán trực tuyến" in page
        staff.post(URL, {"code": voucher.code})
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.REDEEMED


def test_a_certificate_no_longer_valid_refuses(voucher, host_staff):
    Certificate.objects.filter(product_id=voucher.product_id).update(
        status="revoked", revocation_reason="vi phạm an toàn thực phẩm")
    with time_machine.travel(at(voucher.visit_date), tick=False):
        page = staff_client(host_staff).post(URL, {"code": voucher.code},
                                             follow=True).content.decode()
    assert "thu hồi" in page and "vi phạm an toàn thực phẩm" in page
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.ISSUED


def test_certificate_expiring_at_midnight(voucher, host_staff):
    """Valid through its expiry day (the catalogue's rule); refused from 00:00 after."""
    Certificate.objects.filter(product_id=voucher.product_id).update(
        expires_on=voucher.visit_date - dt.timedelta(days=1))
    with time_machine.travel(at(voucher.visit_date, 0, 0, 0), tick=False):
        page = staff_client(host_staff).post(URL, {"code": voucher.code},
                                             follow=True).content.decode()
    assert "hết hạn" in page
    Certificate.objects.filter(product_id=voucher.product_id).update(
        expires_on=voucher.visit_date)
    with time_machine.travel(at(voucher.visit_date, 23, 59, 59), tick=False):
        staff_client(host_staff).post(URL, {"code": voucher.code})
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.REDEEMED


@pytest.mark.parametrize("junk", ["", "OCOP-0000-0000", "x" * 500, "'; DROP TABLE x;--",
                                  "OCOP-7K3M-Q9T\x00"])
def test_hostile_codes_are_refused_without_error(host_staff, db, junk):
    client = staff_client(host_staff)
    assert client.get(URL, {"code": junk}).status_code == 200
    assert client.post(URL, {"code": junk}).status_code in (400, 404)


def test_guessing_is_throttled(voucher, host_staff):
    client = staff_client(host_staff)
    now = at(voucher.visit_date)
    with time_machine.travel(now, tick=False):
        for n in range(LOOKUP_FAILURE_LIMIT):
            client.get(URL, {"code": f"OCOP-2222-{n + 2:0>4}"})
        response = client.get(URL, {"code": voucher.code})  # even the right code waits
        assert response.status_code == 429 and "quá nhiều lần" in response.content.decode()
        assert client.post(URL, {"code": voucher.code}).status_code == 429
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.ISSUED
    with time_machine.travel(now + dt.timedelta(minutes=16), tick=False):
        page = client.get(URL, {"code": voucher.code}).content.decode()
        assert 'id="voucher-redeem"' in page
        client.get(URL, {"code": "OCOP-2222-2222"})  # a new window starts at one failure
    assert LookupThrottle.objects.get(user=host_staff).failures == 1


def test_upcoming_visits_bounded_queries(client, experience, host, host_staff,
                                         django_assert_max_num_queries):
    from shops import ledger

    ledger.receive(experience.stockrecords.get().pk, 40, user=host_staff, note="")
    staff = staff_client(host_staff)
    place_experience_order(client, experience, visit=day(1), quantity=2)
    with django_assert_max_num_queries(40) as few:
        staff.get(URL)
    first = len(few)  # read now: the next request resets the connection's query log
    for offset in range(2, 8):
        other = Client()
        place_experience_order(other, experience, visit=day(offset), quantity=5)
    with django_assert_max_num_queries(first):
        page = staff.get(URL).content.decode()
    assert page.count("OCOP-") >= 25 and "Trang 1/2" in page
    tomorrow = list(Voucher.objects.filter(visit_date=local_today() + dt.timedelta(days=1)))
    assert len(tomorrow) == 2 and all(v.code in page for v in tomorrow)
    Voucher.objects.filter(pk__in=[v.pk for v in tomorrow]).update(
        visit_date=local_today() - dt.timedelta(days=1))
    page = staff.get(URL).content.decode()
    assert not any(v.code in page for v in tomorrow)  # past visits leave the list
