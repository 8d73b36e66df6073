"""Orders placed the way checkout places them: Oscar's ``OrderCreator`` reserves
each line's units at the stock record that fulfils it (the ledger), with the
payment method's source and initial status."""

from decimal import Decimal

from oscar.core import prices
from oscar.core.loading import get_class, get_model

from shops.strategy import OcopStrategy
from storefront.checkout import statuses
from storefront.checkout.payment_methods import METHODS
from storefront.shipping.methods import PICKUP_PREFIX

OrderCreator = get_class("order.utils", "OrderCreator")
OrderTotalCalculator = get_class("checkout.calculators", "OrderTotalCalculator")
Basket = get_model("basket", "Basket")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
CardPayment = get_model("checkout", "CardPayment")

_numbers = iter(range(500001, 10**7))


class _Delivery:
    """A shipping method as checkout offers it (home delivery or click & collect)."""

    is_discounted = False

    def __init__(self, code, name, charge):
        self.code, self.name, self.charge = code, name, Decimal(charge)

    def calculate(self, basket):
        return prices.Price(currency="VND", excl_tax=self.charge, incl_tax=self.charge)


def place_order(records, *, payment="cod", pickup=None, quantities=None, email="lan@example.vn",
                shipping=Decimal("30000")):
    """Place an order for ``records`` (stock records, one line each). ``pickup`` a
    Partner: click & collect there (no shipping charge)."""
    basket = Basket.objects.create()
    basket.strategy = OcopStrategy()
    for index, record in enumerate(records):
        quantity = (quantities or {}).get(index, 1)
        line, __ = basket.lines.get_or_create(
            line_reference=f"{record.product_id}_{record.pk}", product=record.product,
            stockrecord=record,
            defaults={"quantity": quantity, "price_currency": "VND",
                      "price_excl_tax": record.price, "price_incl_tax": record.price})
    basket.reset_offer_applications()
    if pickup is not None:
        method = _Delivery(f"{PICKUP_PREFIX}{pickup.pk}", f"Nhận tại {pickup.name}", 0)
    else:
        method = _Delivery("giao-hang-tan-noi", "Giao hàng tận nơi", shipping)
    charge = method.calculate(basket)
    total = OrderTotalCalculator().calculate(basket, charge)
    order = OrderCreator().place_order(
        basket=basket, total=total, shipping_method=method, shipping_charge=charge,
        order_number=str(next(_numbers)), status=METHODS[payment].initial_status,
        guest_email=email)
    source_type, __ = SourceType.objects.get_or_create(code=payment,
                                                       defaults={"name": payment})
    Source.objects.create(order=order, source_type=source_type, currency="VND",
                          amount_allocated=total.incl_tax)
    basket.submit()
    return order


def mark_card_paid(order):
    """What the ``payment_intent.succeeded`` webhook leaves behind."""
    CardPayment.objects.create(order=order, attempt=1, intent_id=f"pi_{order.number}",
                               amount=int(order.total_incl_tax), state="succeeded")
    Source.objects.filter(order=order).update(amount_debited=order.total_incl_tax,
                                              reference=f"pi_{order.number}")
    order.set_status(statuses.PAID)
    return order
