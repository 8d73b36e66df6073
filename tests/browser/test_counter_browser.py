"""A showroom staff member logs in to the dashboard, records an in-store sale on
the counter screen by the product's code and sees the stock drop."""

import pytest
from django.db import connection
from playwright.sync_api import expect

from shops.models import StockMovement, StockRecord
from shops.services import dashboard_access_permission
from tests.browser.support import artifacts_dir, certified
from tests.factories import PartnerFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def counter(django_user_model):
    showroom = PartnerFactory(name="Điểm bán OCOP Hạ Long", slug="ocop-ha-long")
    product = certified("Chả mực Hạ Long", stars=4, showroom=showroom)
    record = StockRecord.objects.get(product=product, partner=showroom)
    staff = django_user_model.objects.create_user("nv-halong", "nv@ocop.test", "Mk-quay-2026")
    staff.user_permissions.add(dashboard_access_permission())
    showroom.users.add(staff)
    return product, record


def test_staff_record_an_in_store_sale_and_see_the_stock_drop(live_server, page, counter):
    product, record = counter
    before = record.num_in_stock
    connection.close()  # the live server thread writes next

    page.goto(f"{live_server.url}/dashboard/login/")
    page.get_by_label("Tên đăng nhập").fill("nv-halong")
    page.get_by_label("Mật khẩu").fill("Mk-quay-2026")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/dashboard/")

    page.get_by_role("link", name="Bán tại quầy").first.click()
    expect(page.locator("h1")).to_contain_text("Bán tại quầy")
    page.get_by_label("Mã hoặc tên sản phẩm, dòng 1").fill(product.code)  # a scanner types it
    page.get_by_label("Số lượng, dòng 1").fill("2")
    page.locator("#record-sale").click()

    expect(page.locator("#sale-done")).to_contain_text("Đã ghi nhận đơn bán")
    expect(page.locator(".stock-left")).to_have_text(str(before - 2))
    page.screenshot(path=str(artifacts_dir() / "counter-sale.png"), full_page=True)

    page.get_by_role("link", name="Tồn kho").first.click()
    row = page.locator(f"tr[data-stockrecord='{record.pk}']")
    expect(row.locator(".stock-level")).to_have_text(str(before - 2))

    record.refresh_from_db()
    assert record.num_in_stock == before - 2
    sale = StockMovement.objects.filter(stockrecord=record).latest("pk")
    assert (sale.reason, sale.quantity, sale.user.username) == ("sold_in_store", -2, "nv-halong")
    assert page.evaluate("window.__cspViolations") == []
