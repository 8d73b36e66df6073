"""Staff order screens: own lines only (another showroom's line → 404, nothing
changes), actions per line and for all own lines, holds with reasons, statuses in
the reader's language, a status filter, the pickup queue, bounded queries."""

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from storefront.checkout import statuses
from storefront.fulfilment import cancellation, services
from storefront.fulfilment.templatetags.fulfilment_tags import status_label

from .support import place_order


def detail(order):
    return reverse("dashboard:order-detail", kwargs={"number": order.number})


def test_staff_ship_their_own_line_from_its_button(client, staff, record, other_record):
    order = place_order([record, other_record], payment="cod")
    own = order.lines.get(stockrecord=record)
    client.force_login(staff)
    page = client.get(detail(order)).content.decode()
    assert "Bưởi đỏ Tân Lạc" in page and "Chè Shan tuyết" not in page
    assert f'value="ship:{own.pk}"' in page

    response = client.post(detail(order), {"line_action": f"ship:{own.pk}",
                                            "reference": "GHN-42"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == statuses.LINE_SHIPPED
    assert order.lines.get(stockrecord=other_record).status == statuses.LINE_NEW
    page = client.get(detail(order)).content.decode()
    assert "Giao cho đơn vị vận chuyển: “Bưởi đỏ Tân Lạc”" in page
    assert f'value="record_cash:{own.pk}"' in page


def test_another_showrooms_line_is_404_and_nothing_changes(client, staff, record, other_record):
    order = place_order([record, other_record], payment="cod")
    foreign = order.lines.get(stockrecord=other_record)
    client.force_login(staff)
    for data in ({"line_action": f"ship:{foreign.pk}"},
                 {"fulfilment_action": "cancel_lines", "line": [foreign.pk], "reason": "x"},
                 {"fulfilment_action": "ship", "line": ["abc"]}):
        assert client.post(detail(order), data).status_code == 404
    foreign.refresh_from_db()
    other_record.refresh_from_db()
    assert foreign.status == statuses.LINE_NEW and other_record.num_allocated == 1
    # An order without any of the staff member's lines does not exist for them.
    theirs = place_order([other_record])
    assert client.get(detail(theirs)).status_code == 404
    assert client.post(detail(theirs), {"fulfilment_action": "ship"}).status_code == 404


def test_oscar_free_status_changes_are_refused(client, staff, head_office, record):
    order = place_order([record], payment="cod")
    line = order.lines.get()
    client.force_login(staff)
    data = {"line_action": "change_line_statuses", "selected_line": [line.pk],
            "new_status": statuses.LINE_COLLECTED}
    assert client.post(detail(order), data).status_code == 403
    assert client.post(detail(order), {"order_action": "change_order_status",
                                       "new_status": statuses.COMPLETED}).status_code == 403
    client.force_login(head_office)
    client.post(detail(order), {"order_action": "change_order_status",
                                "new_status": statuses.COMPLETED})
    order.refresh_from_db()
    line.refresh_from_db()
    assert order.status == statuses.PREPARING and line.status == statuses.LINE_NEW


def test_hold_needs_a_reason_and_shows_it(client, staff, record):
    order = place_order([record], payment="cod")
    line = order.lines.get()
    client.force_login(staff)
    response = client.post(detail(order), {"line_action": f"hold:{line.pk}", "reason": " "},
                           follow=True)
    assert "Vui lòng ghi lý do." in response.content.decode()
    client.post(detail(order), {"line_action": f"hold:{line.pk}",
                                "reason": "Hộp bị móp, chờ đổi"})
    page = client.get(detail(order)).content.decode()
    assert "Hộp bị móp, chờ đổi" in page and "Lý do tạm giữ" in page
    assert f'value="release_hold:{line.pk}"' in page


def test_all_own_lines_at_once(client, head_office, record, other_record):
    order = place_order([record, other_record], payment="cod")
    client.force_login(head_office)  # head office moves every line
    response = client.post(detail(order), {"fulfilment_action": "ship"}, follow=True)
    order.refresh_from_db()
    assert response.status_code == 200 and order.status == statuses.SHIPPING
    client.post(detail(order), {"fulfilment_action": "record_cash"})
    order.refresh_from_db()
    assert order.status == statuses.COMPLETED


def test_statuses_in_english(client, staff, record):
    order = place_order([record], payment="cod")
    cancellation.hold_lines(order, None, reason="Chờ xác nhận")
    with translation.override("en"):
        assert status_label(statuses.ON_HOLD) == "On hold"
        assert status_label(statuses.LINE_COLLECTED) == "Collected"
        assert status_label(statuses.AWAITING_PICKUP) == "Awaiting pickup"
    assert status_label(statuses.ON_HOLD) == "Tạm giữ"
    assert status_label("Pending") == "Pending"  # a stray value is shown as stored
    template = Template("{% load fulfilment_tags %}{{ order.status|status_label }}")
    order.refresh_from_db()
    with translation.override("en"):
        assert template.render(Context({"order": order})) == "On hold"
    client.force_login(staff)
    page = client.get(detail(order)).content.decode()  # the dashboard speaks Vietnamese
    assert "Tạm giữ" in page and "Chờ xác nhận" in page


def test_order_list_filters_by_status(client, staff, record):
    shipped, waiting = place_order([record]), place_order([record])
    services.ship(shipped)
    client.force_login(staff)
    response = client.get(reverse("dashboard:order-list"), {"status": statuses.SHIPPING})
    numbers = [o.number for o in response.context["orders"]]
    assert numbers == [shipped.number] and waiting.number not in numbers


def _orders(record, n):
    return [place_order([record]) for _ in range(n)]


@pytest.mark.parametrize("rows", [5, 50])
def test_order_list_query_count_is_bounded(client, staff, record, rows,
                                           django_assert_max_num_queries):
    record.num_in_stock = 100
    record.save()
    _orders(record, rows)
    client.force_login(staff)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("dashboard:order-list"))
    assert response.status_code == 200 and len(response.context["orders"]) == min(rows, 20)


@pytest.mark.parametrize("lines", [1, 8])
def test_order_detail_query_count_is_bounded(client, staff, showroom, groups, lines,
                                             django_assert_max_num_queries):
    from tests.factories import CertificateFactory, ProductFactory, StockRecordFactory

    records = []
    for __ in range(lines):
        product = ProductFactory(stock=False)
        CertificateFactory(product=product)
        records.append(StockRecordFactory(product=product, partner=showroom, num_in_stock=3))
    order = place_order(records)
    cancellation.hold_lines(order, [order.lines.first()], reason="Kiểm tra lại")
    client.force_login(staff)
    with django_assert_max_num_queries(40):
        response = client.get(detail(order))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [5, 50])
def test_pickup_queue_query_count_is_bounded(client, staff, record, showroom, rows,
                                             django_assert_max_num_queries):
    record.num_in_stock = 100
    record.save()
    for __ in range(rows):
        services.ready_for_pickup(place_order([record], payment="showroom", pickup=showroom))
    client.force_login(staff)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("dashboard:order-pickup-queue"))
    assert len(response.context["queue"]) == rows


def test_pickup_queue_collect(client, staff, other_staff, record, showroom):
    order = place_order([record], payment="showroom", pickup=showroom)
    url = reverse("dashboard:order-pickup-queue")
    client.force_login(other_staff)
    assert order.number not in client.get(url).content.decode()
    assert client.post(url, {"order": order.number,
                             "fulfilment_action": "collect"}).status_code == 404
    client.force_login(staff)
    page = client.get(url).content.decode()
    assert order.number in page and "Khách đã nhận" in page
    response = client.post(url, {"order": order.number, "fulfilment_action": "collect"},
                           follow=True)
    assert "khách đã nhận hàng" in response.content.decode()
    order.refresh_from_db()
    record.refresh_from_db()
    assert order.status == statuses.COMPLETED and record.num_in_stock == 4


def test_hostile_input_is_refused_without_a_500(client, staff, record, showroom):
    order = place_order([record], payment="showroom", pickup=showroom)
    line = order.lines.get()
    client.force_login(staff)
    for data in ({"line_action": f"hold:{line.pk}", "reason": "Hỏng\x00 vỏ hộp\n"},
                 {"line_action": "ship:99999999999999999999"},
                 {"line_action": f"collect:{line.pk}", "line": ["1"] * 500},
                 {"fulfilment_action": "ship"}):
        assert client.post(detail(order), data).status_code in (302, 404)
    assert line.holds.get().reason == "Hỏng vỏ hộp"
    queue = reverse("dashboard:order-pickup-queue")
    for number in ("\x00", "x" * 500, ""):
        response = client.post(queue, {"order": number, "fulfilment_action": "collect"})
        assert response.status_code == 404
    assert client.get(reverse("dashboard:order-detail", args=["a%00b"])).status_code == 404
    record.refresh_from_db()
    assert record.num_allocated == 1


def test_every_status_has_its_english_label():
    every = set(statuses.ORDER_PIPELINE) | set(statuses.LINE_PIPELINE)
    with translation.override("en"):
        missing = [value for value in every if status_label(value) == value]
    assert not missing
    # Every move the line pipeline allows is one the order pipeline can follow.
    for status, moves in statuses.ORDER_PIPELINE.items():
        assert set(moves) <= set(statuses.ORDER_PIPELINE), status
