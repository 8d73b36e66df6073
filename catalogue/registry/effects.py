"""After a change commits, tell other apps: ``catalogue.signals``.

Every path that can change a certificate or what may be sold ends here:
registry syncs (``announce_changes`` with the sync service's result), the
daily expiry run (``run_expiry_digest``) and listing changes
(``announce_listing``, and the ``Product`` save receivers connected in
``CatalogueConfig.ready``). Each captures the sellability of the products
concerned *inside* its transaction, before it writes, and on commit compares
it with the sellability now, so a rolled-back change sends nothing and a
change that leaves a product as it was (one of two certificates revoked)
sends ``certificate_changed`` but no ``sellability_changed``.

Sellability is only ever read through ``Product.objects.sellable()``; the
receivers of other apps queue their own tasks. The certificate core keeps
its own side effect: the daily expiry digest for staff.
"""

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Value, When
from django.utils.formats import date_format
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

from .. import signals
from ..validity import ACTIVE, EXPIRED, REVOKED, SUSPENDED, certificate_state, local_today

logger = logging.getLogger(__name__)

EXPIRY_NOTICE_DAYS = 30

# product id -> (the id of the product holding its certificates, sellable?)
Snapshot = dict[int, tuple[int, bool]]


def sellability_snapshot(product_ids: Iterable[int], *, on: dt.date | None = None) -> Snapshot:
    """The products and their variants: who holds their certificates, and
    whether ``Product.objects.sellable(on)`` counts them. One query; the rule
    is only evaluated for listed rows (an unlisted one is never sellable), so
    the products a sync creates, unlisted, cost next to nothing."""
    from ..models import Product

    ids = set(product_ids)
    if not ids:
        return {}
    sellable = Product.objects.sellable(on).filter(pk=OuterRef("pk"))
    rows = (
        Product.objects.filter(Q(pk__in=ids) | Q(parent_id__in=ids))
        .annotate(
            ocop_sellable=Case(
                When(is_public=True, then=Exists(sellable)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .values_list("pk", "parent_id", "ocop_sellable")
    )
    return {pk: (parent_id or pk, is_sellable) for pk, parent_id, is_sellable in rows}


# --- registry syncs ----------------------------------------------------------------------


def announce_changes(result) -> None:
    """After commit, the signals for a sync batch (``apply.ApplyResult``).

    ``result.changed`` holds each certificate change as its history was
    written; ``result.sellable_before`` the snapshot taken before the batch
    wrote. Call it where the batch's transaction is open (or just after it).
    """
    changed, before = list(result.changed), dict(result.sellable_before)
    if not changed and not before:
        return

    def events(today: dt.date) -> list[signals.CertificateEvent]:
        return [_registry_event(change, today) for change in changed]

    moved = {c.certificate.certificate_no: c.moved_from for c in changed if c.moved_from}
    _announce(events=events, before=before, moved=moved, fallback=lambda _: signals.AMENDED)


def _registry_event(change, today: dt.date) -> signals.CertificateEvent:
    certificate, diff = change.certificate, change.diff

    def old(name):
        if name not in diff:
            return getattr(certificate, name)
        value = diff[name][0]
        return dt.date.fromisoformat(value) if name.endswith("_on") and value else value

    new_status = certificate_state(certificate, today)
    if change.created:
        old_status, old_stars = None, None
    else:
        was = SimpleNamespace(
            status=old("status"), issued_on=old("issued_on"), expires_on=old("expires_on")
        )
        old_status, old_stars = certificate_state(was, today), old("stars")
    return signals.CertificateEvent(
        certificate_no=certificate.certificate_no,
        product_id=certificate.product_id,
        reason=_reason(old_status, new_status, diff),
        old_status=old_status,
        new_status=new_status,
        old_stars=old_stars,
        new_stars=certificate.stars,
        revocation_reason=certificate.revocation_reason,
        decision_no=certificate.decision_no,
        source=change.source,
    )


def _reason(old: str | None, new: str, diff: dict) -> str:
    if new in (REVOKED, SUSPENDED) and old != new:
        return signals.REVOKED if new == REVOKED else signals.SUSPENDED
    if old is None:
        return signals.CERTIFIED
    if old in (REVOKED, SUSPENDED):
        return signals.REACTIVATED
    if new == EXPIRED and old != EXPIRED:
        return signals.EXPIRED
    if "issued_on" in diff or "expires_on" in diff:
        return signals.RECERTIFIED
    if "stars" in diff:
        return signals.STARS_CHANGED
    return signals.AMENDED


# --- expiry ------------------------------------------------------------------------------


def announce_expiry(certificates: list, *, before: Snapshot) -> None:
    """After commit: each certificate expired (``certificate_changed``), and the
    products it took off sale, ``before`` being their sellability while valid."""
    expired = [
        signals.CertificateEvent(
            certificate_no=c.certificate_no,
            product_id=c.product_id,
            reason=signals.EXPIRED,
            old_status=ACTIVE,
            new_status=EXPIRED,
            old_stars=c.stars,
            new_stars=c.stars,
            revocation_reason=c.revocation_reason,
            decision_no=c.decision_no,
            source="expiry",
        )
        for c in certificates
    ]
    if expired:
        _announce(events=lambda today: expired, before=before, fallback=lambda _: signals.EXPIRED)


# --- listing -----------------------------------------------------------------------------


def announce_listing(before: Snapshot) -> None:
    """After commit, ``sellability_changed`` for products listed or unlisted
    since ``before`` (a snapshot taken before the listing was written)."""
    if before:
        _announce(
            events=lambda today: [],
            before=before,
            fallback=lambda sellable: signals.LISTED if sellable else signals.UNLISTED,
        )


def product_listing_before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    """pre_save of Product: a product whose ``is_public`` is about to change
    keeps its (and its variants') sellability before the change."""
    if raw or instance.pk is None or "is_public" in instance.get_deferred_fields():
        return
    if update_fields is not None and "is_public" not in update_fields:
        return
    stored = sender.objects.filter(pk=instance.pk).values_list("is_public", flat=True).first()
    if stored is not None and stored != instance.is_public:
        instance._ocop_sellability_before = sellability_snapshot([instance.pk])


def product_listing_after_save(sender, instance, created=False, raw=False, **kwargs):
    """post_save of Product: announce the listing change noted before the save
    (a product created public counts as listed)."""
    before = instance.__dict__.pop("_ocop_sellability_before", None)
    if before is None and created and not raw and instance.is_public:
        before = {instance.pk: (instance.parent_id or instance.pk, False)}
    if before:
        announce_listing(before)


# --- sending -------------------------------------------------------------------------------


def _announce(
    *,
    events: Callable[[dt.date], list],
    before: Snapshot,
    fallback: Callable[[bool], str],
    moved: dict[str, int] | None = None,
) -> None:
    def send():
        from ..models import Certificate, Product

        after = sellability_snapshot(before)
        flipped = any(before.get(pk, (h, False))[1] != now for pk, (h, now) in after.items())
        # No listener and nothing to explain: a big sync builds no events.
        wanted = flipped or signals.certificate_changed.has_listeners(Certificate)
        built = events(local_today()) if wanted else []
        for event in built:
            _send(signals.certificate_changed, Certificate, **vars(event))
        changes = _sellability_events(before, after, built, moved or {}, fallback)
        if changes:
            _send(
                signals.sellability_changed,
                Product,
                changes=tuple(changes),
                product_ids=tuple(change.product_id for change in changes),
            )

    # robust: a receiver's failure must not fail a change that has committed.
    transaction.on_commit(send, robust=True)


def _sellability_events(before, after, events, moved, fallback) -> list:
    by_holder = defaultdict(list)
    for event in events:
        by_holder[event.product_id].append(event)
        if event.certificate_no in moved:
            by_holder[moved[event.certificate_no]].append(event)
    changes = []
    for pk, (holder, sellable) in sorted(after.items()):
        if before.get(pk, (holder, False))[1] == sellable:
            continue
        candidates = by_holder.get(holder, [])
        # The change that made it so: a certificate now valid, or no longer valid.
        cause = next((e for e in candidates if (e.new_status == ACTIVE) == sellable), None)
        cause = cause or (candidates[0] if candidates else None)
        if cause is None:
            changes.append(signals.SellabilityEvent(pk, sellable, fallback(sellable)))
        else:
            changes.append(
                signals.SellabilityEvent(pk, sellable, cause.reason, cause.certificate_no)
            )
    return changes


def _send(signal, sender, **kwargs) -> None:
    for receiver, response in signal.send_robust(sender, **kwargs):
        if isinstance(response, Exception):
            logger.error(
                "a receiver of %s failed: %r", sender.__name__, receiver, exc_info=response
            )


# --- notices (to staff, deduplicated) ----------------------------------------------------------


@dataclass
class Notice:
    """A notice for one user; ``not_before``: an identical one sent since is enough."""

    user: object
    subject: str
    body: str
    not_before: dt.datetime | None  # an identical notice sent since then is enough


def send_new_notices(notices: list[Notice]) -> int:
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
    certificate within 30 days, tells staff (is_staff users), and announces
    after commit the certificates that expired since the previous digest and
    the products they took off sale — all of them, however many days the
    worker was down.
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
        # Their products' sellability while those certificates were still valid.
        announce_expiry(expired, before=sellability_snapshot(expired_ids, on=resume_from))
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
    return send_new_notices([Notice(user, subject, body, None) for user in staff])
