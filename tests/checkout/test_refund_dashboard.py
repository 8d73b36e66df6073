"""The dashboard's refund screen: choose, confirm the amount in VND, refund once;
errors shown in the form; showroom staff refund their own lines only (another
showroom's line or order is a 404 and nothing changes)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from storefront.checkout import statuses
from storefront.checkout.models import Refund
from tests.shops.dashboard_world import build_world

from .payment_helpers import card_order_paid

Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")


def url(order):
    return reverse("dashboard:order-refund", args=[order.number])


@pytest.fixture
def head_office(django_user_model):
    return django_user_model.objects.create_user("vanphong", "vp@ocop.example.vn", "x",
                                                 is_staff=True)


def test_head_office_refunds_a_whole_card_order_in_two_steps(
    client, product, stripe_server, head_office
):
    order, __ = card_order_paid(client, product, stripe_server)
    client.force_login(head_office)
    page = client.get(url(order)).content.decode()
    assert "Còn có thể hoàn" in page and "155.000" in page
    review = client.post(url(order), {"everything": "on", "reason": "Khách đổi ý"})
    html = review.content.decode()
    assert review.status_code == 200 and "Xác nhận hoàn tiền" in html
    assert "Số tiền sẽ hoàn: <strong>155.000" in html
    assert not Refund.objects.exists()  # nothing until confirmed
    token = review.context["token"]
    confirm = {"everything": "on", "reason": "Khách đổi ý", "token": token,
               "expected_amount": "155000.00", "action": "confirm"}
    done = client.post(url(order), confirm)
    assert done.status_code == 302
    assert done["Location"] == reverse("dashboard:order-detail", args=[order.number])
    refund = Refund.objects.get()
    assert (refund.amount, refund.requested_by, refund.state) == (
        Decimal("155000"), head_office, Refund.State.REQUESTED)
    again = client.post(url(order), confirm, follow=True)  # the browser submits twice
    assert Refund.objects.count() == 1
    assert len(stripe_server.calls("POST", "/v1/refunds")) == 1
    assert "Đã gửi yêu cầu hoàn 155.000 ₫" in again.content.decode()


@pytest.mark.parametrize(("data", "message"), [
    ({"reason": "Thiếu số lượng"}, "Hãy chọn “Hoàn toàn bộ”"),
    ({"qty": "9", "reason": "Quá nhiều"}, "Chỉ còn 1 sản phẩm"),
    ({"qty": "-1", "reason": "Âm"}, "không được âm"),
    ({"qty": "một", "reason": "Chữ"}, "Hãy nhập một số nguyên"),
    ({"qty": "1", "reason": ""}, "bắt buộc"),
    ({"qty": "1", "reason": "Đổi số tiền", "action": "confirm", "token": "t",
      "expected_amount": "1000"}, "Số tiền hoàn đã thay đổi"),
    ({"qty": "1", "reason": "Không số", "action": "confirm", "token": "t",
      "expected_amount": "NaN"}, "Thiếu số tiền đã xác nhận"),
])
def test_bad_input_is_shown_in_the_form_and_changes_nothing(
    client, product, stripe_server, head_office, data, message
):
    order, __ = card_order_paid(client, product, stripe_server)
    line = order.lines.get()
    if "qty" in data:
        data = {**data, f"qty_{line.pk}": data.pop("qty")}
    client.force_login(head_office)
    response = client.post(url(order), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Refund.objects.exists()
    assert not stripe_server.calls("POST", "/v1/refunds")


def test_stripe_down_is_a_message_in_the_form(client, product, stripe_server, head_office):
    order, __ = card_order_paid(client, product, stripe_server)
    client.force_login(head_office)
    stripe_server.faults.append(("status", 500))
    response = client.post(url(order), {"everything": "on", "reason": "Huỷ", "token": "t1",
                                        "expected_amount": "155000", "action": "confirm"})
    assert response.status_code == 200
    assert "Stripe chưa thực hiện được yêu cầu hoàn tiền" in response.content.decode()
    assert not Refund.objects.exists()


def test_an_unpaid_order_cannot_be_refunded(client, product, head_office):
    from .payment_helpers import cod_order

    order = cod_order(client, product)
    client.force_login(head_office)
    response = client.post(url(order), {"everything": "on", "reason": "Thử"})
    assert "chưa được thanh toán" in response.content.decode()
    assert not Refund.objects.exists()


@pytest.fixture
def world(db):
    world = build_world()
    source_type, __ = SourceType.objects.get_or_create(code="cod", defaults={"name": "COD"})
    for order in (world.mixed_order, world.other_order):
        order.status = statuses.COMPLETED
        order.save()
        Source.objects.create(order=order, source_type=source_type, currency="VND",
                              amount_allocated=order.total_incl_tax,
                              amount_debited=order.total_incl_tax)
    return world


def test_showroom_staff_refund_their_own_lines_only(client, world):
    client.force_login(world.staff)
    order = world.mixed_order
    page = client.get(url(order)).content.decode()
    assert world.own_line.title in page and world.other_line.title not in page
    assert "777.000" not in page and "877.000" not in page
    review = client.post(url(order), {"everything": "on", "reason": "Hàng lỗi"})
    assert "Số tiền sẽ hoàn: <strong>100.000" in review.content.decode()
    assert "877.000" not in review.content.decode()
    client.post(url(order), {"everything": "on", "reason": "Hàng lỗi", "action": "confirm",
                             "token": review.context["token"], "expected_amount": "100000"})
    refund = Refund.objects.get()
    assert refund.method == Refund.Method.CASH and refund.state == Refund.State.DONE
    assert [(r.line_id, r.quantity) for r in refund.lines.all()] == [(world.own_line.pk, 1)]
    order.refresh_from_db()
    assert order.status == statuses.COMPLETED  # the other showroom's money is not back


def test_another_showrooms_line_or_order_is_a_404_and_nothing_changes(client, world):
    client.force_login(world.staff)
    other_line = {f"qty_{world.other_line.pk}": "1", "reason": "Chiếm đoạt",
                  "action": "confirm", "token": "x", "expected_amount": "777000"}
    assert client.post(url(world.mixed_order), other_line).status_code == 404
    assert client.post(url(world.other_order), {"everything": "on", "reason": "x"}
                       ).status_code == 404
    assert client.get(url(world.other_order)).status_code == 404
    assert client.post(url(world.mixed_order), {"qty_abc": "1", "reason": "x"}
                       ).status_code == 404
    assert not Refund.objects.exists()


def test_shoppers_and_anonymous_visitors_are_sent_to_log_in(client, world,
                                                            django_user_model):
    response = client.get(url(world.mixed_order))
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(django_user_model.objects.create_user("khach", "k@example.vn", "x"))
    response = client.post(url(world.mixed_order), {"everything": "on", "reason": "x"})
    assert response.status_code in (302, 403)
    assert not Refund.objects.exists()
