"""The last certificate check at handover: which lines may no longer be sold, and why."""

from django.utils.translation import gettext as _

from catalogue.models import Product
from shops.ledger import unsellable_reason


def unsellable_lines(lines) -> dict[int, str]:
    """{line pk: reason} for lines whose product may not be sold now (the catalogue's
    one rule, asked afresh in one query; the reason in the certificate's words)."""
    lines = list(lines)
    product_ids = {line.product_id for line in lines if line.product_id}
    sellable = set(Product.objects.sellable().filter(pk__in=product_ids)
                   .values_list("pk", flat=True)) if product_ids else set()
    reasons = {}
    for line in lines:
        if line.product_id is None:
            reasons[line.pk] = _("sản phẩm không còn trong danh mục")
        elif line.product_id not in sellable:
            reasons[line.pk] = unsellable_reason(line.product)
    return reasons
