"""Two showrooms and a mixed order, built once per test module for the dashboard tests."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from oscar.core.loading import get_model

from shops import ledger
from shops.services import dashboard_access_permission
from tests.factories import (
    CertificateFactory,
    PartnerFactory,
    ProductFactory,
    StockRecordFactory,
)

Order = get_model("order", "Order")
Line = get_model("order", "Line")
StockAlert = get_model("partner", "StockAlert")

OTHER_TITLE = "Rượu Ba kích bí mật điểm B"
OTHER_SKU = "SKU-BIMAT-B"
OWN_PRICE = Decimal("100000")
OTHER_PRICE = Decimal("777000")


@dataclass
class World:
    own: object
    other: object
    staff: object
    other_staff: object
    head_office: object
    own_product: object
    other_product: object
    own_record: object
    other_record: object
    mixed_order: object
    other_order: object
    own_line: object
    other_line: object


def make_user(username, *, showroom=None, is_staff=False):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@ocop.example.vn", password="x", is_staff=is_staff
    )
    if showroom is not None:
        user.user_permissions.add(dashboard_access_permission())
        showroom.users.add(user)
    return user


def _line(order, record, price):
    return Line.objects.create(
        order=order,
        partner=record.partner,
        partner_name=record.partner.name,
        partner_sku=record.partner_sku,
        stockrecord=record,
        product=record.product,
        title=record.product.title,
        quantity=1,
        num_allocated=0,
        line_price_incl_tax=price,
        line_price_excl_tax=price,
        line_price_before_discounts_incl_tax=price,
        line_price_before_discounts_excl_tax=price,
        unit_price_incl_tax=price,
        unit_price_excl_tax=price,
    )


def _order(number, *lines):
    total = sum((price for _record, price in lines), Decimal(0))
    order = Order.objects.create(
        number=number,
        currency="VND",
        total_incl_tax=total,
        total_excl_tax=total,
        shipping_incl_tax=0,
        shipping_excl_tax=0,
        guest_email="khach@example.vn",
        date_placed=timezone.now(),
        status="Pending",
    )
    return order, [_line(order, record, price) for record, price in lines]


def build_world() -> World:
    own = PartnerFactory(name="Điểm bán A Hạ Long", slug="diem-a")
    other = PartnerFactory(name="Điểm bán B Uông Bí", slug="diem-b")
    own_product = ProductFactory(title="Chả mực Hạ Long của A", stock=False)
    other_product = ProductFactory(title=OTHER_TITLE, stock=False)
    for product in (own_product, other_product):
        CertificateFactory(product=product)
    own_record = StockRecordFactory(product=own_product, partner=own, num_in_stock=10,
                                    low_stock_threshold=2)
    other_record = StockRecordFactory(product=other_product, partner=other, num_in_stock=9,
                                      partner_sku=OTHER_SKU, low_stock_threshold=20)
    # the shared product: both showrooms stock it
    StockRecordFactory(product=own_product, partner=other, num_in_stock=4)
    staff = make_user("nv-a", showroom=own)
    other_staff = make_user("nv-b", showroom=other)
    head_office = make_user("van-phong", is_staff=True)
    ledger.receive(other_record.pk, 3, user=other_staff, note="Lô bí mật B")
    StockAlert.objects.create(stockrecord=other_record, threshold=20)
    mixed_order, (own_line, other_line) = _order(
        "100001", (own_record, OWN_PRICE), (other_record, OTHER_PRICE)
    )
    other_order, _lines = _order("100002", (other_record, OTHER_PRICE))
    return World(own, other, staff, other_staff, head_office, own_product, other_product,
                 own_record, other_record, mixed_order, other_order, own_line, other_line)
