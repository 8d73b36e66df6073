"""Tell showroom staff to take off the shelf products no longer sold as OCOP.

Queued by ``shops.receivers`` when ``catalogue.signals.sellability_changed``
says products stopped being sellable. Which products those are, and why, is
read again here from the catalogue's rule at the time the task runs.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Max, Q
from django.utils.translation import gettext as _

from catalogue.models import Certificate, CertificateChange, Product
from catalogue.registry.effects import Notice, send_new_notices
from catalogue.selectors import certificate_verdict

from .models import StockRecord


def products_taken_off_sale(product_ids: Iterable[int]) -> set[int]:
    """Among ``product_ids``, those that may not be sold now because of their
    certificates. Products only unlisted by staff (not public, still
    certified) are left out: no registry change took them off sale."""
    ids = set(product_ids)
    if not ids:
        return set()
    sellable = set(Product.objects.sellable().filter(pk__in=ids).values_list("pk", flat=True))
    unsold = ids - sellable
    certified = set(Product.objects.certified().filter(pk__in=unsold).values_list("pk", flat=True))
    return unsold - certified


def notify_showrooms_of_unsellable(*, product_ids: Iterable[int]) -> int:
    """Tell the staff of showrooms holding stock of products taken off sale.

    Idempotent: a member of staff gets one notice per product per change of
    its certificates, however often this runs. Returns the notices sent.
    """
    off_sale = products_taken_off_sale(product_ids)
    if not off_sale:
        return 0
    stock = (
        StockRecord.objects.filter(
            Q(product_id__in=off_sale) | Q(product__parent_id__in=off_sale), num_in_stock__gt=0
        )
        .select_related("partner", "product")
        .prefetch_related("partner__users")
        .order_by("partner__name", "pk")
    )
    # product -> user -> showrooms where that user works and the product is in stock
    showrooms = defaultdict(lambda: defaultdict(set))
    users = {}
    for record in stock:
        owner_id = record.product.parent_id or record.product_id
        for user in record.partner.users.all():
            if user.is_active:
                users[user.pk] = user
                showrooms[owner_id][user.pk].add(record.partner.name)
    if not showrooms:
        return 0

    products = Product.objects.in_bulk(list(showrooms))
    reasons = _off_sale_reasons(list(showrooms))
    last_change = dict(
        CertificateChange.objects.filter(certificate__product_id__in=list(showrooms))
        .values_list("certificate__product_id")
        .annotate(at=Max("recorded_at"))
    )
    notices = []
    for product_id, by_user in showrooms.items():
        product = products[product_id]
        subject = (_("Ngừng bán: %(title)s (%(code)s)") % {
            "title": product.title, "code": product.code
        })[:255]
        for user_id, names in by_user.items():
            body = _(
                "Sản phẩm %(title)s (%(code)s) không còn được bán dưới tên OCOP: %(reason)s.\n"
                "Điểm bán của bạn còn hàng: %(showrooms)s. Vui lòng đưa sản phẩm khỏi quầy."
            ) % {
                "title": product.title,
                "code": product.code,
                "reason": reasons.get(product_id, _("không còn giấy chứng nhận OCOP hợp lệ")),
                "showrooms": ", ".join(sorted(names)),
            }
            notices.append(Notice(users[user_id], subject, body, last_change.get(product_id)))
    return send_new_notices(notices)


def _off_sale_reasons(product_ids: list[int]) -> dict[int, str]:
    """Why each product is off sale: the verdict on its latest certificate."""
    reasons = {}
    for certificate in Certificate.objects.filter(product_id__in=product_ids).shown_first():
        if certificate.product_id not in reasons:
            reasons[certificate.product_id] = certificate_verdict(certificate).reason
    return reasons
