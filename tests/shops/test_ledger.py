"""The stock ledger's services: every change is a movement, refused changes change
nothing and say why in Vietnamese, and the level always equals the movements' sum."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from shops import ledger
from shops.ledger import StockError
from shops.models import StockMovement
from tests.factories import CertificateFactory, PartnerFactory, ProductFactory, StockRecordFactory

from .ledger_support import assert_reconciled, level

pytestmark = pytest.mark.django_db
Reason = StockMovement.Reason


@pytest.fixture
def staff():
    return get_user_model().objects.create_user("lan", "lan@ocop.example.vn", "x")


def certified(**stock):
    product = ProductFactory(stock=False)
    CertificateFactory(product=product)
    return product, StockRecordFactory(product=product, **stock)


def test_a_new_record_opens_the_ledger_with_its_level():
    _, record = certified(num_in_stock=7)
    assert level(record) == (7, 0)
    (movement,) = record.movements.all()
    assert (movement.reason, movement.quantity, movement.note) == (Reason.RECEIVED, 7, "Tồn đầu kỳ")
    assert_reconciled(record)


def test_receive_write_off_and_count_correction_are_movements(staff):
    _, record = certified(num_in_stock=10)
    ledger.receive(record.pk, 5, user=staff, note="Giao hàng đợt 2")
    ledger.write_off(record.pk, 2, reason=Reason.DAMAGED, user=staff)
    ledger.write_off(record.pk, 1, reason="expired", user=staff)
    assert ledger.count_correction(record.pk, 12, user=staff) is None  # already 12
    correction = ledger.count_correction(record.pk, 9, user=staff, note="Kiểm kê tháng 11")
    assert correction.quantity == -3 and correction.user == staff
    assert level(record) == (9, 0)
    reasons = list(record.movements.order_by("pk").values_list("reason", "quantity"))
    assert reasons == [("received", 10), ("received", 5), ("damaged", -2), ("expired", -1),
                       ("count_correction", -3)]
    assert_reconciled(record)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda r: ledger.receive(r.pk, 0, user=None), "Số lượng phải từ 1"),
        (lambda r: ledger.receive(r.pk, -4, user=None), "Số lượng phải từ 1"),
        (lambda r: ledger.receive(r.pk, 2.5, user=None), "số nguyên"),
        (lambda r: ledger.receive(r.pk, True, user=None), "số nguyên"),
        (lambda r: ledger.receive(r.pk, "3", user=None), "số nguyên"),
        (lambda r: ledger.receive(r.pk, 10**9, user=None), "Số lượng phải từ 1"),
        (lambda r: ledger.receive(r.pk, 1, user=None, note="x" * 300), "Ghi chú quá dài"),
        (lambda r: ledger.receive(r.pk, 1, user=None, note="a\x00b"), "ký tự điều khiển"),
        (lambda r: ledger.receive(r.pk + 999, 1, user=None), "Không tìm thấy bản ghi tồn kho"),
        (lambda r: ledger.write_off(r.pk, 6, reason="damaged", user=None), "chỉ còn 5"),
        (lambda r: ledger.write_off(r.pk, 1, reason="sold_in_store", user=None), "Lý do hủy"),
        (lambda r: ledger.count_correction(r.pk, -1, user=None), "Số lượng phải từ 0"),
        (lambda r: ledger.sell_in_store([], user=None), "không có sản phẩm"),
        (lambda r: ledger.sell_in_store([(r.pk,)], user=None), "Mỗi dòng"),
        (lambda r: ledger.sell_in_store([("1", 1)], user=None), "Mã bản ghi"),
        (lambda r: ledger.sell_in_store("abc", user=None), "không có sản phẩm"),
        (lambda r: ledger.sell_in_store([(r.pk, 3), (r.pk, 3)], user=None), "không đủ 6"),
        (lambda r: ledger.transfer(r.pk, r.pk, 1, user=None), "chính bản ghi"),
    ],
)
def test_hostile_input_is_refused_with_a_reason_and_changes_nothing(call, message):
    _, record = certified(num_in_stock=5)
    with pytest.raises(StockError, match=message):
        call(record)
    assert level(record) == (5, 0) and record.movements.count() == 1


def test_a_count_below_what_orders_hold_is_refused():
    _, record = certified(num_in_stock=5)
    ledger.reserve(record.pk, 3, key="cart-1")
    with pytest.raises(StockError, match="thấp hơn số đang giữ"):
        ledger.count_correction(record.pk, 2, user=None)
    assert level(record) == (5, 3)


def test_a_form_saving_a_new_level_becomes_a_count_correction():
    _, record = certified(num_in_stock=5, price=100000)
    ledger.reserve(record.pk, 2, key="cart-1")
    record.refresh_from_db()
    record.num_in_stock, record.price = 8, 120000
    record.save()
    assert level(record) == (8, 2)  # the allocation is never overwritten by a form
    last = record.movements.order_by("-pk").first()
    assert (last.reason, last.quantity) == (Reason.COUNT_CORRECTION, 3)
    record.refresh_from_db()
    assert record.price == 120000
    assert_reconciled(record)


def test_sell_in_store_sells_every_line_under_one_reference(staff):
    _, tea = certified(num_in_stock=4, price=150000)
    _, squid = certified(num_in_stock=2, price=320000, partner=tea.partner)
    sale = ledger.sell_in_store([(tea.pk, 1), (squid.pk, 2), (tea.pk, 2)], user=staff)
    assert [(line.stockrecord_id, line.quantity) for line in sale.lines] == sorted(
        [(tea.pk, 3), (squid.pk, 2)]
    )
    assert sale.total == 3 * 150000 + 2 * 320000
    assert sale.reference.startswith("BH-")
    assert level(tea) == (1, 0) and level(squid) == (0, 0)
    sold = StockMovement.objects.filter(reference=sale.reference)
    assert sorted(sold.values_list("reason", "quantity", "user")) == sorted(
        [("sold_in_store", -3, staff.pk), ("sold_in_store", -2, staff.pk)]
    )
    assert_reconciled(tea, squid)


def test_a_sale_with_an_uncertified_or_short_line_is_refused_whole(staff):
    _, tea = certified(num_in_stock=4)
    revoked = ProductFactory(stock=False, title="Rượu Ba kích")
    CertificateFactory(product=revoked, status="revoked", revoked_on=dt.date(2026, 1, 2),
                       revocation_reason="vi phạm an toàn thực phẩm")
    liquor = StockRecordFactory(product=revoked, partner=tea.partner, num_in_stock=3)
    _, short = certified(num_in_stock=1, partner=tea.partner)
    with pytest.raises(StockError) as refused:
        ledger.sell_in_store([(tea.pk, 1), (liquor.pk, 1), (short.pk, 2)], user=staff)
    reasons = refused.value.reasons
    assert len(reasons) == 2
    assert any(
        r.startswith("Rượu Ba kích: không còn chứng nhận OCOP hợp lệ: Giấy chứng nhận OCOP "
                     "đã bị thu hồi ngày 02/01/2026: vi phạm an toàn thực phẩm") for r in reasons
    )
    assert any("chỉ còn 1 sản phẩm" in r and "không đủ 2" in r for r in reasons)
    assert [level(r) for r in (tea, liquor, short)] == [(4, 0), (3, 0), (1, 0)]
    assert not StockMovement.objects.filter(reason="sold_in_store").exists()


def test_a_product_without_certificate_cannot_be_sold_at_the_counter():
    record = StockRecordFactory(num_in_stock=3)
    with pytest.raises(StockError, match="chưa có giấy chứng nhận OCOP"):
        ledger.sell_in_store([(record.pk, 1)], user=None)


def test_a_sale_cannot_take_units_held_for_orders():
    _, record = certified(num_in_stock=3)
    ledger.reserve(record.pk, 2, key="order-1")
    with pytest.raises(StockError, match="chỉ còn 1"):
        ledger.sell_in_store([(record.pk, 2)], user=None)
    ledger.sell_in_store([(record.pk, 1)], user=None)
    assert level(record) == (2, 2)
    assert_reconciled(record)


def test_transfer_moves_units_between_two_showrooms(staff):
    product, source = certified(num_in_stock=6)
    target = StockRecordFactory(product=product, partner=PartnerFactory(), num_in_stock=1)
    out, into = ledger.transfer(source.pk, target.pk, 4, user=staff, note="Bổ sung Vân Đồn")
    assert (out.reason, out.quantity, into.reason, into.quantity) == (
        "transfer_out", -4, "transfer_in", 4)
    assert out.reference == into.reference and out.reference.startswith("CK-")
    assert level(source) == (2, 0) and level(target) == (5, 0)
    assert_reconciled(source, target)


def test_transfer_refuses_other_products_same_showroom_and_short_stock():
    product, source = certified(num_in_stock=3)
    other = StockRecordFactory(partner=PartnerFactory(), num_in_stock=1)
    same_place = StockRecordFactory(product=product, partner=source.partner, num_in_stock=1,
                                    partner_sku="SKU-SAME")
    elsewhere = StockRecordFactory(product=product, partner=PartnerFactory(), num_in_stock=0)
    with pytest.raises(StockError, match="cùng một sản phẩm"):
        ledger.transfer(source.pk, other.pk, 1, user=None)
    with pytest.raises(StockError, match="cùng một điểm bán"):
        ledger.transfer(source.pk, same_place.pk, 1, user=None)
    with pytest.raises(StockError, match="không đủ 4"):
        ledger.transfer(source.pk, elsewhere.pk, 4, user=None)
    assert [level(r) for r in (source, other, same_place, elsewhere)] == [
        (3, 0), (1, 0), (1, 0), (0, 0)]


def test_a_transfer_that_fails_half_way_changes_neither_side(monkeypatch):
    product, source = certified(num_in_stock=6)
    target = StockRecordFactory(product=product, partner=PartnerFactory(), num_in_stock=1)
    real_apply, calls = ledger.apply, []

    def fail_on_the_receiving_side(record, reason, **kwargs):
        calls.append(reason)
        if reason == Reason.TRANSFER_IN:
            raise RuntimeError("the connection dropped")
        return real_apply(record, reason, **kwargs)

    monkeypatch.setattr(ledger, "apply", fail_on_the_receiving_side)
    with pytest.raises(RuntimeError):
        ledger.transfer(source.pk, target.pk, 4, user=None)
    assert calls == ["transfer_out", "transfer_in"]  # the sending side was written first
    assert level(source) == (6, 0) and level(target) == (1, 0)
    assert not StockMovement.objects.filter(reason__startswith="transfer").exists()
    assert_reconciled(source, target)
