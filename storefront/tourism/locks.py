"""Row locks taken by redemption (``select_for_update``): the order first (payments
and refunds lock it too), then the voucher, so two staff redeeming one code queue
and the second finds it redeemed."""

from storefront.checkout.locks import order_for_update

from .models import Voucher


def voucher_for_update(voucher_id: int) -> Voucher | None:
    number = Voucher.objects.filter(pk=voucher_id).values_list("order__number", flat=True).first()
    if number is None:
        return None
    order_for_update(number=number)
    return (Voucher.objects.select_for_update(of=("self",))
            .select_related("order", "line", "product", "partner").filter(pk=voucher_id).first())
