"""The order page's payments panel: intent ids and states, payment events with their
time, refunds (requested or done, by whom), disputes, and the refund button; showroom
staff see their own lines' refunds and no order money; a fixed number of queries."""

from django.template import Context, Template
from django.test import RequestFactory

from storefront.checkout.refunds import refund_lines

from .payment_helpers import card_order_paid, charge_refunded, deliver, dispute_created
from .test_refund_dashboard import world  # noqa: F401

PANEL = Template("{% load checkout_dashboard %}{% payments_panel order request.user %}")


def render(order, user):
    request = RequestFactory().get("/")
    request.user = user
    return PANEL.render(Context({"order": order, "request": request}))


def test_head_office_sees_intents_events_refunds_and_disputes(
    client, product, stripe_server, admin_user
):
    order, intent = card_order_paid(client, product, stripe_server, quantity=2)
    line = order.lines.get()
    first = refund_lines(order, quantities={line.pk: 1}, reason="Hộp móp", user=admin_user)
    deliver(client, charge_refunded(intent, int(first.amount)))
    refund_lines(order, quantities={line.pk: 1}, reason="Trả nốt", user=admin_user)
    deliver(client, dispute_created(intent))
    html = render(order, admin_user)
    assert intent["id"] in html and "thành công" in html
    assert "Thanh toán thẻ" in html and "Khiếu nại thanh toán" in html
    assert "đã hoàn" in html and "đã yêu cầu" in html  # one done, one waiting for Stripe
    assert html.count(admin_user.get_username()) == 2
    assert "Hộp móp" in html and first.stripe_refund_id in html
    assert "Khách khiếu nại thanh toán qua ngân hàng" in html
    assert "/refund/" not in html  # the last unit's refund brought the delivery charge


def test_showroom_staff_see_their_own_refunds_and_no_order_money(world):  # noqa: F811
    refund_lines(world.mixed_order, quantities={world.other_line.pk: 1}, reason="Bí mật B")
    html = render(world.mixed_order, world.staff)
    assert "Bí mật B" not in html and "777.000" not in html and "877.000" not in html
    assert "/refund/" in html  # their own line may still be refunded
    refund_lines(world.mixed_order, quantities={world.own_line.pk: 1}, reason="Hàng lỗi A",
                 user=world.staff)
    html = render(world.mixed_order, world.staff)
    assert "Hàng lỗi A" in html and "100.000" in html and "777.000" not in html
    assert "/refund/" not in html  # nothing of theirs left to refund


def test_a_fixed_number_of_queries_whatever_the_refunds(  # noqa: F811
    world, django_assert_max_num_queries, django_assert_num_queries  # noqa: F811
):
    order = world.mixed_order
    refund_lines(order, quantities={world.own_line.pk: 1}, reason="Một")
    with django_assert_num_queries(6) as one:
        render(order, world.head_office)
    refund_lines(order, quantities=None, reason="Phần còn lại")
    with django_assert_max_num_queries(len(one.captured_queries)):
        render(order, world.head_office)
    with django_assert_max_num_queries(9):
        render(order, world.staff)
