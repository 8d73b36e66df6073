"""Click & collect paid at the showroom: the order is placed (Oscar's OrderCreator,
units reserved at the showroom), the showroom's staff mark it ready from the order
page, then "Khách đã nhận" in the pickup queue; the stock drops and the cash taken
is recorded."""

import pytest
from django.db import connection
from playwright.sync_api import expect

from shops.models import StockRecord
from shops.services import dashboard_access_permission
from storefront.checkout import statuses
from tests.browser.support import artifacts_dir, certified
from tests.factories import PartnerFactory
from tests.fulfilment.support import place_order

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def pickup_order(django_user_model):
    showroom = PartnerFactory(name="Trung tâm OCOP Hòa Bình", slug="ocop-hoa-binh",
                              province_code="25")
    product = certified("Bưởi đỏ Tân Lạc", stars=5, province="25", showroom=showroom)
    record = StockRecord.objects.get(product=product, partner=showroom)
    staff = django_user_model.objects.create_user("nv-hoabinh", "nv@ocop.test", "Mk-nhan-2026")
    staff.user_permissions.add(dashboard_access_permission())
    showroom.users.add(staff)
    order = place_order([record], payment="showroom", pickup=showroom, quantities={0: 2},
                        email="lan@example.vn")
    return order, record


def test_staff_mark_a_pickup_collected_and_the_stock_drops(live_server, page, pickup_order):
    order, record = pickup_order
    record.refresh_from_db()
    before, held = record.num_in_stock, record.num_allocated
    assert held == 2
    connection.close()  # the live server thread writes next

    page.goto(f"{live_server.url}/dashboard/login/")
    page.get_by_label("Tên đăng nhập").fill("nv-hoabinh")
    page.get_by_label("Mật khẩu").fill("Mk-nhan-2026")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/dashboard/")

    page.get_by_role("button", name="Điểm bán").click()  # the dashboard menu
    page.get_by_role("link", name="Đơn chờ nhận").first.click()
    row = page.locator(f"#pickup-{order.number}")
    expect(row).to_contain_text("chưa báo sẵn sàng")
    row.get_by_role("link", name="Xem").click()

    expect(page.locator(".order-status")).to_have_text(statuses.PREPARING)
    page.get_by_role("button", name="Đã sẵn sàng để khách nhận").first.click()
    expect(page.locator(".order-status")).to_have_text(statuses.AWAITING_PICKUP)
    expect(page.locator(".line-status")).to_have_text(statuses.LINE_READY)

    page.get_by_role("link", name="Đơn hàng", exact=True).first.click()  # the breadcrumb
    page.get_by_role("link", name="Đơn chờ nhận tại điểm bán").click()
    row = page.locator(f"#pickup-{order.number}")
    expect(row).not_to_contain_text("chưa báo sẵn sàng")
    row.get_by_role("button", name="Khách đã nhận").click()
    expect(page.locator(".alert-success")).to_contain_text(
        f"Đơn {order.number}: khách đã nhận hàng.")
    expect(page.locator(f"#pickup-{order.number}")).to_have_count(0)
    page.screenshot(path=str(artifacts_dir() / "pickup-collected.png"), full_page=True)

    record.refresh_from_db()
    order.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated) == (before - 2, 0)
    assert order.status == statuses.COMPLETED
    assert order.payment_events.get().amount == order.total_incl_tax
    assert page.evaluate("window.__cspViolations") == []
