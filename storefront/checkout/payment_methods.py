"""How a shopper may pay, by delivery option and order value."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from storefront.shipping.methods import pickup_partner_id

from . import statuses

COD, SHOWROOM, HOST, CARD = "cod", "showroom", "host", "card"


@dataclass(frozen=True)
class PaymentMethod:
    code: str
    name: str
    description: str
    initial_status: str


METHODS = {
    COD: PaymentMethod(COD, _("Thanh toán khi nhận hàng (COD)"),
                       _("Trả tiền mặt cho người giao hàng."), statuses.PREPARING),
    SHOWROOM: PaymentMethod(SHOWROOM, _("Thanh toán tại điểm bán"),
                            _("Trả khi nhận hàng tại điểm bán (tiền mặt hoặc thẻ)."),
                            statuses.PREPARING),
    HOST: PaymentMethod(HOST, _("Thanh toán tại nơi đón khách"),
                        _("Trả cho điểm đón khách khi bạn đến trải nghiệm (tiền mặt hoặc thẻ)."),
                        statuses.PREPARING),
    CARD: PaymentMethod(CARD, _("Thẻ ngân hàng (Visa, Mastercard, JCB…)"),
                        _("Thanh toán an toàn qua Stripe; thông tin thẻ không đi qua máy chủ "
                          "của chúng tôi."), statuses.PENDING_PAYMENT),
}


# Paid in person: the showroom or host takes the money when the shopper comes.
IN_PERSON_METHODS = frozenset({SHOWROOM, HOST})


def cod_limit() -> Decimal:
    return Decimal(settings.OCOP_COD_MAX_ORDER_VND)


def methods_for(*, shipping_method_code: str | None, total: Decimal | None,
                goods: bool = True, experiences: bool = False) -> list[PaymentMethod]:
    """Click & collect: at the showroom or by card. Home delivery: cash on delivery
    up to ``OCOP_COD_MAX_ORDER_VND``, or by card. Experiences only (nothing to ship):
    at the host or by card. A basket with experiences never offers cash on delivery:
    the visit may come before the parcel, and a parcel refused at the door would
    leave unpaid vouchers behind; with click & collect the showroom takes the
    goods' money and each host its own experiences' money."""
    if not goods:
        return [METHODS[HOST], METHODS[CARD]]
    if pickup_partner_id(shipping_method_code) is not None:
        return [METHODS[SHOWROOM], METHODS[CARD]]
    codes = [CARD]
    if not experiences and total is not None and total <= cod_limit():
        codes.insert(0, COD)
    return [METHODS[code] for code in codes]
