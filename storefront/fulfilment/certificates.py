"""The last certificate check at handover: which lines may no longer be sold, and why."""

from django.utils.translation import gettext as _

from shops.ledger import unsellable_reason
from storefront.checkout.placement import sellable_product_ids


def unsellable_lines(lines) -> dict[int, str]:
    """{line pk: reason} for lines whose product may not be sold now (the catalogue's
    one rule, asked afresh in one query; the reason in the certificate's words)."""
    lines = list(lines)
    product_ids = {line.product_id for line in lines if line.product_id}
    sellable = sellable_product_ids(product_ids) if product_ids else set()
    reasons = {}
    for line in lines:
        if line.product_id is None:
            reasons[line.pk] = _("sản phẩm không còn trong danh mục")
        elif line.product_id not in sellable:
            reasons[line.pk] = unsellable_reason(line.product)
    return reasons
