"""Who may change a certificate (registry contract §6), as one pure rule.

- The registry (feed, webhook) is the authority, ordered by its own clock: a
  registry record applies iff its ``updated_at`` is newer than the newest
  registry record already applied to that certificate; then in either
  direction (revoke, suspend, re-activate).
- A spreadsheet fills gaps: it may create a certificate, and change one that
  no registry record has touched, but never re-activates a revoked or
  suspended certificate and never changes one the registry has sent.
- Demo data only creates: it never changes a stored certificate.

``apply.py`` asks ``decide`` under the certificate's row lock, so concurrent
deliveries end in the same state whatever order they commit in.
"""

import datetime as dt
import enum
from dataclasses import dataclass

from ..sync_models import Source
from ..validity import ACTIVE

REGISTRY_SOURCES = frozenset({Source.FEED, Source.WEBHOOK})


class Verdict(enum.Enum):
    APPLY = "apply"  # write the record
    BUMP = "bump"  # same content, newer registry record: remember its time only
    UNCHANGED = "unchanged"  # nothing to do (stale, identical or demo data)
    OVERRULED = "overruled"  # a file row against a certificate the registry has sent
    NO_REACTIVATION = "no_reactivation"  # a file row would re-activate a certificate


@dataclass(frozen=True)
class Stored:
    """What the rule needs of a stored certificate."""

    status: str
    registry_updated_at: dt.datetime | None  # newest registry record applied; None: never


def decide(*, source: str, stored: Stored | None, status: str, updated_at: dt.datetime,
           same: bool) -> Verdict:  # fmt: skip
    """The verdict on one valid record (``status``, ``updated_at``) for ``stored``.

    ``same`` says whether the record would leave everything stored as it is.
    """
    if stored is None:
        return Verdict.APPLY
    if source in REGISTRY_SOURCES:
        if stored.registry_updated_at is not None and updated_at <= stored.registry_updated_at:
            return Verdict.UNCHANGED
        return Verdict.BUMP if same else Verdict.APPLY
    if source != Source.FILE or same:
        return Verdict.UNCHANGED
    if stored.registry_updated_at is not None:
        return Verdict.OVERRULED
    if stored.status != ACTIVE and status == ACTIVE:
        return Verdict.NO_REACTIVATION
    return Verdict.APPLY
