"""The reservation API for checkout: idempotent by key, with expiry in local time, and
Oscar's own order placement and shipping/cancel events going through the same ledger."""

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from oscar.apps.checkout.calculators import OrderTotalCalculator
from oscar.apps.partner.exceptions import InvalidStockAdjustment
from oscar.apps.shipping.methods import Free
from oscar.core.loading import get_class, get_model

from shops import ledger
from shops.ledger import StockError
from shops.models import Reservation, StockMovement
from shops.strategy import Selector
from shops.tasks import expire_reservations_task
from tests.factories import CertificateFactory, ProductFactory, StockRecordFactory

from .ledger_support import assert_reconciled, level

pytestmark = pytest.mark.django_db
VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
Basket = get_model("basket", "Basket")
OrderCreator = get_class("order.utils", "OrderCreator")
EventHandler = get_class("order.processing", "EventHandler")


def local(*args):
    return dt.datetime(*args, tzinfo=VN)


@pytest.fixture
def record():
    product = ProductFactory(stock=False, title="Trà hoa vàng")
    CertificateFactory(product=product)
    return StockRecordFactory(product=product, num_in_stock=5, price=Decimal("150000"))


def test_reserve_holds_units_and_release_gives_them_back(record):
    reservation = ledger.reserve(record.pk, 3, key="cart-7", order_number="")
    assert reservation.state == "held" and level(record) == (5, 3)
    assert record.net_stock_level == 2
    ledger.release("cart-7")
    reservation.refresh_from_db()
    assert reservation.state == "released" and level(record) == (5, 0)
    assert list(record.movements.order_by("pk").values_list("reason", "quantity", "allocated")) == [
        ("received", 5, 0), ("reservation", 0, 3), ("release", 0, -3)]
    assert_reconciled(record)


def test_consume_takes_the_units_out_of_stock(record):
    ledger.reserve(record.pk, 2, key="cart-8")
    reservation = ledger.consume("cart-8", order_number="100008", reason="pickup")
    assert (reservation.state, reservation.order_number) == ("consumed", "100008")
    assert level(record) == (3, 0)
    last = record.movements.order_by("-pk").first()
    assert (last.reason, last.quantity, last.allocated, last.reference) == (
        "pickup", -2, -2, "100008")
    assert_reconciled(record)


def test_the_same_key_twice_has_one_effect_in_every_state(record):
    first = ledger.reserve(record.pk, 2, key="cart-9")
    assert ledger.reserve(record.pk, 2, key="cart-9").pk == first.pk
    assert level(record) == (5, 2)
    ledger.consume("cart-9", order_number="100009")
    assert ledger.consume("cart-9", order_number="100009").state == "consumed"
    assert ledger.consume("cart-9").state == "consumed"
    assert ledger.reserve(record.pk, 2, key="cart-9").state == "consumed"
    ledger.reserve(record.pk, 1, key="cart-10")
    ledger.release("cart-10")
    assert ledger.release("cart-10").state == "released"
    assert level(record) == (3, 0)
    assert record.movements.filter(reason="reservation").count() == 2
    assert_reconciled(record)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda r: ledger.reserve(r.pk, 3, key="cart-1"), "đã được dùng cho một yêu cầu khác"),
        (lambda r: ledger.reserve(r.pk + 1, 2, key="cart-1"), "đã được dùng"),
        (lambda r: ledger.consume("cart-1", order_number="X2"), "đã được dùng"),
        (lambda r: ledger.reserve(r.pk, 4, key="cart-2"), "chỉ còn 3 sản phẩm có thể giữ"),
        (lambda r: ledger.reserve(r.pk, 1, key=""), "Thiếu khóa"),
        (lambda r: ledger.reserve(r.pk, 1, key="k" * 101), "quá dài"),
        (lambda r: ledger.reserve(r.pk, 1, key=None), "chuỗi ký tự"),
        (lambda r: ledger.reserve(r.pk, 1, key="oscar:x"), "không được bắt đầu"),
        (lambda r: ledger.reserve(r.pk, 0, key="cart-3"), "Số lượng"),
        (lambda r: ledger.reserve(r.pk, 1, key="cart-3", expires_at=dt.datetime(2030, 1, 1)),
         "múi giờ"),
        (lambda r: ledger.reserve(r.pk, 1, key="cart-3", expires_at=local(2020, 1, 1)), "đã qua"),
        (lambda r: ledger.release("no-such-key"), "Không tìm thấy"),
        (lambda r: ledger.consume("cart-1", reason="damaged"), "Lý do xuất kho"),
    ],
)
def test_conflicting_or_hostile_calls_are_refused_and_change_nothing(record, call, message):
    ledger.reserve(record.pk, 2, key="cart-1", order_number="X1")
    with pytest.raises(StockError, match=message):
        call(record)
    assert level(record) == (5, 2)
    assert Reservation.objects.get().state == "held"
    assert_reconciled(record)


def test_a_consumed_reservation_cannot_be_released_nor_a_released_one_consumed(record):
    ledger.reserve(record.pk, 1, key="a")
    ledger.consume("a")
    with pytest.raises(StockError, match="đã được xuất kho"):
        ledger.release("a")
    ledger.reserve(record.pk, 1, key="b")
    ledger.release("b")
    with pytest.raises(StockError, match="đã bị hủy"):
        ledger.consume("b")
    assert level(record) == (4, 0)


def test_expiry_at_the_exact_local_time_on_both_sides(record):
    with time_machine.travel(local(2026, 12, 31, 23, 50), tick=False):
        ledger.reserve(record.pk, 4, key="late-cart", expires_at=local(2027, 1, 1, 0, 5))
    with time_machine.travel(local(2027, 1, 1, 0, 4, 59), tick=False):
        assert ledger.expire_reservations() == 0
        assert level(record) == (5, 4)
        with pytest.raises(StockError, match="chỉ còn 1"):
            ledger.reserve(record.pk, 2, key="other")
    with time_machine.travel(local(2027, 1, 1, 0, 5), tick=False):
        assert expire_reservations_task.delay().get() == 1
        assert ledger.expire_reservations() == 0
    assert Reservation.objects.get(key="late-cart").state == "expired"
    assert level(record) == (5, 0)
    last = record.movements.order_by("-pk").first()
    assert (last.reason, last.allocated, last.note) == ("release", -4, "Hết thời hạn giữ hàng")
    assert_reconciled(record)


def test_a_stale_reservation_frees_its_units_even_before_the_expiry_run(record):
    with time_machine.travel(local(2026, 11, 25, 9, 0), tick=False):
        ledger.reserve(record.pk, 5, key="slow", expires_at=local(2026, 11, 25, 9, 15))
    with time_machine.travel(local(2026, 11, 25, 9, 16), tick=False):
        with pytest.raises(StockError, match="đã hết thời hạn"):
            ledger.consume("slow")
        assert Reservation.objects.get(key="slow").state == "expired"
        ledger.reserve(record.pk, 5, key="quick")  # the expired units are free again
    assert level(record) == (5, 5)
    assert_reconciled(record)


def test_a_reservation_consumed_before_its_expiry_is_not_expired_later(record):
    with time_machine.travel(local(2026, 11, 25, 9, 0), tick=False):
        ledger.reserve(record.pk, 2, key="paid", expires_at=local(2026, 11, 25, 9, 15))
        ledger.consume("paid", order_number="100100")
    with time_machine.travel(local(2026, 11, 25, 10, 0), tick=False):
        assert ledger.expire_reservations() == 0
    assert level(record) == (3, 0)


# --- Oscar's own paths -----------------------------------------------------------------


def place_order(product, quantity, number):
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    basket.add_product(product, quantity)
    method = Free()
    charge = method.calculate(basket)
    total = OrderTotalCalculator().calculate(basket, charge)
    return OrderCreator().place_order(
        basket=basket, total=total, shipping_method=method, shipping_charge=charge,
        order_number=number,
    )


def test_oscar_order_placement_and_shipping_keep_the_ledger_reconciled(record):
    order = place_order(record.product, 2, "200001")
    assert level(record) == (5, 2)
    (held,) = Reservation.objects.filter(state="held")
    assert held.key.startswith("oscar:") and held.quantity == 2 and held.expires_at is None
    EventHandler().consume_stock_allocations(order)
    assert level(record) == (3, 0)
    assert Reservation.objects.get().state == "consumed"
    reasons = list(record.movements.order_by("pk").values_list("reason", "quantity", "allocated"))
    assert reasons == [("received", 5, 0), ("reservation", 0, 2), ("online_order", -2, -2)]
    assert_reconciled(record)


def test_oscar_cancel_releases_and_partial_events_split_the_reservation(record):
    order = place_order(record.product, 3, "200002")
    (line,) = order.lines.all()
    EventHandler().consume_stock_allocations(order, [line], [1])
    assert level(record) == (4, 2)
    EventHandler().cancel_stock_allocations(order, [line], [2])
    assert level(record) == (4, 0)
    states = sorted(Reservation.objects.values_list("state", "quantity"))
    assert states == [("consumed", 1), ("released", 2)]
    assert_reconciled(record)


def test_oscar_refuses_an_order_for_more_than_the_free_stock(record):
    ledger.reserve(record.pk, 4, key="someone-else")
    with pytest.raises(StockError, match="chỉ còn 1"):
        place_order(record.product, 2, "200003")
    assert level(record) == (5, 4)
    assert not get_model("order", "Order").objects.exists()  # the whole order rolled back
    assert_reconciled(record)


def test_oscar_consumption_beyond_what_is_held_is_invalid(record):
    ledger.reserve(record.pk, 1, key="cart")
    with pytest.raises(InvalidStockAdjustment):
        record.consume_allocation(2)
    assert level(record) == (5, 1)
    record.cancel_allocation(3)  # Oscar's cancel never takes more than is held
    assert level(record) == (5, 0)
    assert StockMovement.objects.filter(reason="release").get().allocated == -1
