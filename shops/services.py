"""Writes for showrooms (Oscar partners) and their staff.

Showroom staff are Oscar's ``Partner.users`` holding the
``partner.dashboard_access`` permission and NOT ``is_staff``: Oscar's
dashboard then scopes products, stock and orders to their showroom
(``dashboard/catalogue/utils.py: partner_product_visibility_q``), exactly as
its own "link user to partner" screen does.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from catalogue.provinces import today_provinces

from .models import Partner


class ShowroomError(ValueError):
    """Showroom data that cannot be saved; the message says what to fix."""


@dataclass(frozen=True)
class StaffMember:
    email: str
    first_name: str = ""
    last_name: str = ""
    # The initial password of a new account; existing accounts keep theirs.
    password: str | None = None


def dashboard_access_permission() -> Permission:
    return Permission.objects.get(codename="dashboard_access", content_type__app_label="partner")


@transaction.atomic
def showroom_create_or_update(
    *,
    slug: str,
    name: str,
    province_code: str,
    address: str,
    opening_hours: str,
    phone: str,
    latitude: Decimal | None,
    longitude: Decimal | None,
    staff: Sequence[StaffMember] = (),
    is_showroom: bool = True,
) -> Partner:
    """Create or update the showroom ``slug`` and make ``staff`` its exact staff.

    Users no longer listed are unlinked, and lose dashboard access when they
    work at no other showroom (as Oscar's own unlink does).
    """
    values = {
        "name": name.strip(),
        "province_code": province_code,
        "address": address.strip(),
        "opening_hours": opening_hours.strip(),
        "phone": phone.strip(),
        "latitude": _coordinate(latitude, "latitude", 90),
        "longitude": _coordinate(longitude, "longitude", 180),
        "is_showroom": is_showroom,
    }
    _validate(slug=slug, **values)
    partner = Partner.objects.filter(slug=slug).first()
    if partner is None:
        partner = Partner.objects.create(slug=slug, **values)
    elif any(getattr(partner, key) != value for key, value in values.items()):
        for key, value in values.items():
            setattr(partner, key, value)
        partner.save()
    _set_staff(partner, staff)
    return partner


def _coordinate(value, label: str, limit: int) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except ArithmeticError:
        raise ShowroomError(f"{label} {value!r} is not a number") from None
    if not -limit <= number <= limit:
        raise ShowroomError(f"{label} {value} is outside −{limit}…{limit}")
    return number


def _validate(*, slug: str, name: str, province_code: str, **_ignored) -> None:
    if not slug or slug != slug.strip().lower() or not all(c.isalnum() or c == "-" for c in slug):
        raise ShowroomError(f"slug {slug!r}: use lower-case letters, digits and '-'")
    if not name:
        raise ShowroomError(f"{slug}: the showroom needs a name")
    if province_code not in today_provinces():
        raise ShowroomError(
            f"{slug}: province_code {province_code!r} is not one of today's 34 provinces"
        )


def _set_staff(partner: Partner, staff: Sequence[StaffMember]) -> None:
    User = get_user_model()
    permission = dashboard_access_permission()
    wanted = []
    for member in staff:
        email = member.email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise ShowroomError(
                f"{partner.slug}: staff e-mail {member.email!r} is invalid"
            ) from None
        user = User.objects.filter(email__iexact=email).order_by("pk").first()
        if user is None:
            user = User(username=email[:150], email=email, first_name=member.first_name,
                        last_name=member.last_name)
            if member.password:
                user.set_password(member.password)
            else:
                user.set_unusable_password()
            user.save()
        if not user.is_staff:
            user.user_permissions.add(permission)
        wanted.append(user)

    current = set(partner.users.all())
    partner.users.add(*(u for u in wanted if u not in current))
    for user in current - set(wanted):
        partner.users.remove(user)
        if not user.is_staff and not user.partners.exists():
            user.user_permissions.remove(permission)
