"""Side effects of a registry change, queued after the transaction commits.

The sellability rule itself is computed at query time
(``Product.objects.sellable()``); these functions only tidy what depends on
it, so a stopped worker can delay them but can never keep an expired or
revoked product on sale:

- showroom staff holding stock of a product taken off sale are told why;
- open baskets need nothing: Oscar's strategy (``shops/strategy.py``) refuses
  the line at checkout with the reason;
- caches: the site keeps no product in Django's cache (no cache keys, no
  ``{% cache %}`` fragments), so there is nothing to invalidate.
"""

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Q
from django.utils.formats import date_format
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

from ..validity import ACTIVE

logger = logging.getLogger(__name__)

EXPIRY_NOTICE_DAYS = 30


def schedule_side_effects(product_ids) -> None:
    ids = sorted(set(product_ids))
    if not ids:
        return

    def enqueue():
        from ..tasks import sellability_changed

        sellability_changed.delay(ids)

    # robust: a broker outage must not fail a sync that has already committed.
    transaction.on_commit(enqueue, robust=True)


# --- products taken off sale -----------------------------------------------------------


def products_taken_off_sale(product_ids: Iterable[int]) -> set[int]:
    """Among ``product_ids``, those that may not be sold now because of their
    certificates. Products only unlisted by staff (not public, still
    certified) are left out: no registry change took them off sale."""
    from ..models import Product

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
    from shops.models import StockRecord

    from ..models import CertificateChange, Product

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
            notices.append(_Notice(users[user_id], subject, body, last_change.get(product_id)))
    return _send_new(notices)


def _off_sale_reasons(product_ids: list[int]) -> dict[int, str]:
    """Why each product is off sale: the verdict on its latest certificate."""
    from ..models import Certificate
    from ..selectors import certificate_verdict

    reasons = {}
    for certificate in Certificate.objects.filter(product_id__in=product_ids).shown_first():
        if certificate.product_id not in reasons:
            reasons[certificate.product_id] = certificate_verdict(certificate).reason
    return reasons


@dataclass
class _Notice:
    user: object
    subject: str
    body: str
    not_before: dt.datetime | None  # an identical notice sent since then is enough


def _send_new(notices: list[_Notice]) -> int:
    """Send each notice unless its recipient already has it (same subject, sent
    since ``not_before``): an Oscar notification and, with an address, an email."""
    Notification = get_model("communication", "Notification")
    if not notices:
        return 0
    sent_before = defaultdict(list)
    existing = Notification.objects.filter(
        recipient__in={n.user.pk for n in notices}, subject__in={n.subject for n in notices}
    ).values_list("recipient_id", "subject", "date_sent")
    for recipient_id, subject, date_sent in existing:
        sent_before[(recipient_id, subject)].append(date_sent)
    fresh = [
        n
        for n in notices
        if not any(
            n.not_before is None or sent >= n.not_before
            for sent in sent_before[(n.user.pk, n.subject)]
        )
    ]
    Notification.objects.bulk_create(
        [
            Notification(recipient=n.user, subject=n.subject, body=linebreaks(escape(n.body)))
            for n in fresh
        ]
    )
    dispatcher = get_class("communication.utils", "Dispatcher")()
    for notice in fresh:
        if notice.user.email:
            messages = {"subject": notice.subject, "body": notice.body, "html": "", "sms": ""}
            dispatcher.dispatch_user_messages(notice.user, messages)
    return len(fresh)


# --- daily expiry digest ---------------------------------------------------------------


@dataclass
class DigestResult:
    ran: bool
    expiring: list  # certificates that leave their product uncertified within 30 days
    expired_product_ids: set[int]
    notices: int = 0


def run_expiry_digest(*, today: dt.date) -> DigestResult:
    """The daily digest for local date ``today``; at most once a day.

    Lists the certificates whose expiry leaves their product without a valid
    certificate within 30 days, tells staff (is_staff users), and queues the
    side effects for products whose certificates expired since the previous
    digest — all of them, however many days the worker was down.
    """
    from ..models import Certificate, ExpiryDigest

    with transaction.atomic():
        previous = ExpiryDigest.objects.filter(run_on__lt=today).order_by("-run_on").first()
        digest, created = ExpiryDigest.objects.get_or_create(run_on=today)
        if not created:
            return DigestResult(ran=False, expiring=[], expired_product_ids=set())
        # A certificate expiring on day E stops being valid on E+1. The previous
        # digest (day L) handled every expires_on < L; the first one looks back a day.
        resume_from = previous.run_on if previous else today - dt.timedelta(days=1)
        expired = list(
            Certificate.objects.filter(
                status=ACTIVE, expires_on__gte=resume_from, expires_on__lt=today
            )
            .select_related("product")
            .order_by("expires_on", "certificate_no")
        )
        expiring = expiring_certificates(today=today)
        digest.expiring, digest.expired = len(expiring), len(expired)
        digest.save(update_fields=["expiring", "expired"])
        expired_ids = {c.product_id for c in expired}
        schedule_side_effects(expired_ids)
        notices = _notify_staff_of_expiry(today=today, expiring=expiring, expired=expired)
    return DigestResult(
        ran=True, expiring=expiring, expired_product_ids=expired_ids, notices=notices
    )


def expiring_certificates(*, today: dt.date, days: int = EXPIRY_NOTICE_DAYS) -> list:
    """Certificates valid today whose last valid day is within ``days`` days and
    that no other certificate of the same product takes over from."""
    from ..models import Certificate

    candidates = list(
        Certificate.objects.valid_on(today)
        .filter(expires_on__lte=today + dt.timedelta(days=days))
        .select_related("product")
        .order_by("expires_on", "certificate_no")
    )
    others = defaultdict(list)
    for other in Certificate.objects.filter(
        product_id__in={c.product_id for c in candidates}, status=ACTIVE
    ):
        others[other.product_id].append(other)
    return [
        c
        for c in candidates
        if not any(
            o.pk != c.pk and o.state(c.expires_on + dt.timedelta(days=1)) == ACTIVE
            for o in others[c.product_id]
        )
    ]


def _notify_staff_of_expiry(*, today: dt.date, expiring: list, expired: list) -> int:
    if not expiring and not expired:
        return 0
    day = lambda d: date_format(d, "d/m/Y")  # noqa: E731
    lines = []
    if expiring:
        lines.append(_("Giấy chứng nhận OCOP hết hạn trong %(days)d ngày tới:") % {
            "days": EXPIRY_NOTICE_DAYS
        })
        for c in expiring:
            left = (c.expires_on - today).days
            lines.append(
                "- "
                + _("%(no)s · %(title)s (%(code)s) · %(stars)d★ · hết hạn ngày %(date)s (%(left)s)")
                % {
                    "no": c.certificate_no,
                    "title": c.product.title,
                    "code": c.product.code,
                    "stars": c.stars,
                    "date": day(c.expires_on),
                    "left": _("còn %(n)d ngày") % {"n": left} if left else _("hết hôm nay"),
                }
            )
    if expired:
        if lines:
            lines.append("")
        lines.append(_("Đã hết hạn từ lần tổng hợp trước (sản phẩm đã tự động ngừng bán):"))
        for c in expired:
            lines.append(
                "- "
                + _("%(no)s · %(title)s (%(code)s) · hết hạn ngày %(date)s")
                % {
                    "no": c.certificate_no,
                    "title": c.product.title,
                    "code": c.product.code,
                    "date": day(c.expires_on),
                }
            )
    subject = _("Chứng nhận OCOP sắp hết hạn — tổng hợp ngày %(date)s") % {"date": day(today)}
    body = "\n".join(lines)
    staff = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("pk")
    return _send_new([_Notice(user, subject, body, None) for user in staff])
