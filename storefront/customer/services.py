"""Writes for customer accounts: consent at registration, deleting an account."""

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from storefront.checkout.forms import CONSENT_PURPOSES
from storefront.checkout.models import CONSENT_VERSION, PersonalDataConsent

Order = get_model("order", "Order")


class CannotDelete(Exception):
    """The account cannot be deleted here; ``str()`` says why, in Vietnamese."""


def account_consent_record(*, user) -> PersonalDataConsent:
    """The consent given with the registration form (the notice checkout shows)."""
    return PersonalDataConsent.objects.create(
        email=user.email, user=user, version=CONSENT_VERSION, purposes=CONSENT_PURPOSES)


def account_delete(*, user) -> None:
    """Delete the account (Decree 13/2023/NĐ-CP, the right to erasure).

    Gone with it: profile, password, address book, baskets, wish lists, alerts,
    notifications and e-mail history. Kept, as the law on accounting requires
    and for product-safety notices: the orders, with their delivery details and
    the buyer's e-mail copied onto them (so order and recall e-mails still reach
    the buyer), and the record of the consent given.
    """
    if user.is_staff or user.is_superuser:
        raise CannotDelete(_("Tài khoản quản trị không tự xoá được ở đây. Vui lòng liên hệ "
                             "quản trị viên của hệ thống."))
    try:
        with transaction.atomic():
            Order._default_manager.filter(user=user, guest_email="").update(
                guest_email=user.email)
            user.delete()
    except ProtectedError:
        raise CannotDelete(_("Tài khoản đang gắn với dữ liệu chưa thể xoá. Vui lòng liên hệ "
                             "cửa hàng để được hỗ trợ xoá.")) from None
