"""Checks and adjustments made when an order is placed."""

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from catalogue.models import Certificate, Product
from shops.ledger import unsellable_reason
from storefront.tourism.baskets import basket_experience_ids, visit_date_problems

from .models import SoldUnderCertificate

StockRecord = get_model("partner", "StockRecord")


class CannotPlace(Exception):
    """The order cannot be placed; ``str()`` tells the shopper which item and why."""


def sellable_product_ids(product_ids) -> set[int]:
    """Which of these products may be sold now: one query through the one rule."""
    return set(Product.objects.sellable().filter(pk__in=set(product_ids))
               .values_list("pk", flat=True))


def prime_sellability(basket) -> None:
    """Note on each line's product whether it is sellable, in one query, and load
    what Oscar reads per line (the product's class for "requires shipping", its stock
    records for the pricing strategy) in one query each, so that checkout pages stay
    at a fixed number of queries whatever the number of lines."""
    lines = list(basket.all_lines())
    sellable = sellable_product_ids(line.product_id for line in lines)
    products = [line.product for line in lines]
    prefetch_related_objects(products, "product_class", "parent__product_class", "stockrecords")
    for line in lines:
        line.product._ocop_sellable = line.product_id in sellable


def forget_stock(basket) -> None:
    """Drop the stock records loaded with the page: placement chooses and reserves
    from what the database says once the basket is locked."""
    for line in basket.all_lines():
        getattr(line.product, "_prefetched_objects_cache", {}).pop("stockrecords", None)
        line.__dict__.pop("_info", None)


def check_lines_sellable(basket) -> None:
    """The last certificate check: every line must still be sellable now (asked
    afresh, not from anything noted earlier in the request)."""
    lines = list(basket.all_lines())
    sellable = sellable_product_ids(line.product_id for line in lines)
    problems = [
        _("“%(product)s”: %(reason)s") % {
            "product": line.product.get_title(), "reason": unsellable_reason(line.product)}
        for line in lines if line.product_id not in sellable
    ]
    if problems:
        raise CannotPlace(
            _("Không thể đặt hàng. %(problems)s. Vui lòng bỏ sản phẩm này khỏi giỏ hàng.")
            % {"problems": "; ".join(problems)}
        )


def assign_fulfilment(basket, *, pickup_partner_id: int | None, strategy) -> bool:
    """Point every line at the stock record that will fulfil it: the chosen showroom
    for click & collect (goods only: an experience stays with the host the pricing
    strategy chose), else the pricing strategy's choice (online warehouse first).
    Returns whether any line changed."""
    lines = list(basket.all_lines())
    experiences = basket_experience_ids(basket)
    if pickup_partner_id is not None:
        records = {
            r.product_id: r
            for r in StockRecord.objects.filter(
                partner_id=pickup_partner_id,
                product_id__in=[line.product_id for line in lines
                                if line.product_id not in experiences])
        }
    changed = False
    for line in lines:
        if pickup_partner_id is not None and line.product_id not in experiences:
            record = records.get(line.product_id)
            if record is None:
                raise CannotPlace(_("Điểm bán đã chọn không còn bán “%(product)s”.")
                                  % {"product": line.product.get_title()})
        else:
            record = strategy.fetch_for_product(line.product).stockrecord
        if record is not None and line.stockrecord_id != record.pk:
            line.stockrecord = record
            line.save(update_fields=["stockrecord"])
            line.__dict__.pop("_info", None)  # price and availability of the new record
            changed = True
    return changed


def check_visit_dates(basket) -> None:
    """Every experience keeps a visit date from today to a year ahead (a basket may
    have waited past its date)."""
    problems = visit_date_problems(basket)
    if problems:
        raise CannotPlace(_("Vui lòng chọn lại ngày tham quan trong giỏ hàng. %(problems)s")
                          % {"problems": " ".join(problems)})


def record_certificates(order) -> None:
    """Note on each line the certificate it is sold under (one query to read them)."""
    lines = list(order.lines.select_related("product"))
    owners = {line.pk: line.product.parent_id or line.product_id for line in lines if line.product}
    shown = {}
    for certificate in Certificate.objects.filter(product_id__in=set(owners.values())).valid_on(
    ).shown_first():
        shown.setdefault(certificate.product_id, certificate)
    SoldUnderCertificate.objects.bulk_create([
        SoldUnderCertificate(line_id=line_id, certificate_no=shown[owner].certificate_no,
                             stars=shown[owner].stars)
        for line_id, owner in owners.items() if owner in shown
    ])
