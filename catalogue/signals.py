"""What the certificate core tells other apps: certificates and sellability changed.

Both signals are sent **after the transaction that made the change commits**
(``transaction.on_commit``), by every path that can make it: the registry
feed, the webhook, spreadsheet imports (through ``registry/effects.py``),
the daily expiry task and listing changes (a product's ``is_public``). A
rolled-back change sends nothing.

The rule itself needs no signal: ``Product.objects.sellable()`` decides at
query time, so a receiver that fails or a worker that is down can delay a
side effect but never keep a product on sale. Receivers only queue their
own app's tasks (``shops`` tells showroom staff; search reindexing and
checkout's recall notices will connect here too) and ``catalogue`` imports
none of them.

``certificate_changed`` — once per change of one certificate; ``sender`` is
``Certificate`` and the keyword arguments are the fields of
``CertificateEvent``.

``sellability_changed`` — once per committed change (a sync batch, an expiry
run, a listing), for the products whose sellability is different after it;
``sender`` is ``Product``, ``changes`` a tuple of ``SellabilityEvent`` and
``product_ids`` their product ids. Variants are included when their
parent's certificate or listing moved them.
"""

from dataclasses import dataclass

from django.dispatch import Signal

# Why a certificate changed (certificate_changed's ``reason``).
CERTIFIED = "certified"  # first received (a new certificate number)
RECERTIFIED = "re-certified"  # its validity dates renewed or corrected
EXPIRED = "expired"  # its last valid day passed (the expiry task), or dates moved past today
REVOKED = "revoked"
SUSPENDED = "suspended"
REACTIVATED = "re-activated"  # suspended or revoked, now active again
STARS_CHANGED = "stars changed"
AMENDED = "amended"  # another recorded field (level, revocation date) only

# Why a product's sellability changed, besides a certificate change.
LISTED = "listed"
UNLISTED = "unlisted"

certificate_changed = Signal()
sellability_changed = Signal()


@dataclass(frozen=True)
class CertificateEvent:
    """One change of one certificate.

    Statuses are the certificate's state on the local date of the change
    (``validity.certificate_state``: active, expired, suspended, revoked,
    not_yet_valid); ``old_status``/``old_stars`` are None for a certificate
    first received. ``source`` is the sync run's source (feed, webhook, file,
    seed) or ``"expiry"``.
    """

    certificate_no: str
    product_id: int
    reason: str
    old_status: str | None
    new_status: str
    old_stars: int | None
    new_stars: int
    revocation_reason: str
    decision_no: str
    source: str


@dataclass(frozen=True)
class SellabilityEvent:
    """A product that became sellable (``sellable``) or stopped being so.

    ``reason`` is the certificate change's reason (with its
    ``certificate_no``) or ``LISTED``/``UNLISTED``.
    """

    product_id: int
    sellable: bool
    reason: str
    certificate_no: str | None = None
