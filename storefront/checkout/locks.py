"""Row locks taken by checkout (``select_for_update``, primary-key order)."""

from oscar.core.loading import get_model

Basket = get_model("basket", "Basket")


def basket_status_for_update(basket_id: int) -> str | None:
    """Lock one basket row for the rest of the transaction and return its status:
    two submissions of one basket place one order, the second sees it submitted."""
    return (
        Basket.objects.select_for_update().filter(pk=basket_id).values_list("status", flat=True)
        .first()
    )


def order_for_update(*, number: str):
    """Lock one order row (webhooks and payment pages change its payment state)."""
    Order = get_model("order", "Order")
    return Order.objects.select_for_update().filter(number=number).first()
