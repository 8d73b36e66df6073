"""The certificate validity rule (registry contract §2), in one place.

A certificate is valid at instant T when its status is active and
``issued_on <= local_date(T) <= expires_on`` in Asia/Ho_Chi_Minh: valid
through the whole of its expiry day. Everything that shows or sells a
product goes through ``valid_certificate_q`` (via the product queryset);
``certificate_state`` explains the same rule for one certificate.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone

OCOP_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

ACTIVE, SUSPENDED, REVOKED = "active", "suspended", "revoked"
EXPIRED, NOT_YET_VALID = "expired", "not_yet_valid"


def local_today(now: dt.datetime | None = None) -> dt.date:
    """Today's date in Vietnam, whatever the server's time zone."""
    return timezone.localtime(now or timezone.now(), OCOP_TZ).date()


def valid_certificate_q(on: dt.date, prefix: str = "") -> Q:
    """Certificates valid on the local date ``on``."""
    return Q(
        **{
            f"{prefix}status": ACTIVE,
            f"{prefix}issued_on__lte": on,
            f"{prefix}expires_on__gte": on,
        }
    )


def certificate_state(certificate, on: dt.date) -> str:
    """One of active, expired, suspended, revoked, not_yet_valid.

    Revocation and suspension win over dates: a revoked certificate stays
    revoked after its expiry date.
    """
    if certificate.status in (REVOKED, SUSPENDED):
        return certificate.status
    if on < certificate.issued_on:
        return NOT_YET_VALID
    if on > certificate.expires_on:
        return EXPIRED
    return ACTIVE
