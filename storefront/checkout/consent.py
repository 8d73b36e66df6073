"""Recording consent to personal-data processing (Decree 13/2023/NĐ-CP)."""

from .forms import CONSENT_PURPOSES
from .models import CONSENT_VERSION, PersonalDataConsent

SESSION_NAMESPACE = "consent"


def consent_record(*, email: str, user, checkout_session) -> PersonalDataConsent:
    """Store the consent given now and remember it in the checkout session."""
    consent = PersonalDataConsent.objects.create(
        email=email or "",
        user=user if user.is_authenticated else None,
        version=CONSENT_VERSION,
        purposes=CONSENT_PURPOSES,
    )
    checkout_session._set(SESSION_NAMESPACE, "id", consent.pk)
    return consent


def consent_given(checkout_session) -> bool:
    return bool(checkout_session._get(SESSION_NAMESPACE, "id"))


def consent_attach_order(*, checkout_session, order_number: str) -> None:
    consent_id = checkout_session._get(SESSION_NAMESPACE, "id")
    if consent_id:
        PersonalDataConsent.objects.filter(pk=consent_id, order_number="").update(
            order_number=order_number)
