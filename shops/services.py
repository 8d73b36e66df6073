"""Writes for showrooms (Oscar partners), their staff and their stock.

Showroom staff are Oscar's ``Partner.users`` holding the
``partner.dashboard_access`` permission and NOT ``is_staff``: Oscar's
dashboard then scopes products, stock and orders to their showroom
(``dashboard/catalogue/utils.py: partner_product_visibility_q``), exactly as
its own "link user to partner" screen does.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from catalogue.listing import (
    ListingError,
    ProductListing,
    listing_check_product,
    product_label,
    product_sku,
    products_publish,
)
from catalogue.models import Product
from catalogue.provinces import today_provinces

from . import ledger, locks
from .hours import WEEKDAY_NAMES, Period, as_periods, overlaps
from .models import OpeningPeriod, Partner, StockRecord
from .wards import ward_province

CURRENCY = "VND"
MAX_PRICE = Decimal("1000000000")  # 1 tỷ đồng: anything above is a typo


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
    opening_hours: str = "",
    phone: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    ward_code: str = "",
    email: str = "",
    periods: Sequence[Period] | None = None,
    staff: Sequence[StaffMember] = (),
    is_showroom: bool = True,
    is_active: bool = True,
) -> Partner:
    """Create or update the showroom ``slug`` and make ``staff`` its exact staff.

    ``address`` is the street line, ``ward_code`` a ward of ``province_code``;
    ``periods`` (``shops.hours.Period``) replace the opening hours when given
    (None keeps them), ``opening_hours`` is a free note. Users no longer listed
    are unlinked, and lose dashboard access when they work at no other
    showroom (as Oscar's own unlink does).
    """
    values = {
        "name": name.strip(),
        "province_code": province_code,
        "ward_code": ward_code.strip(),
        "address": address.strip(),
        "opening_hours": opening_hours.strip(),
        "phone": phone.strip(),
        "email": email.strip().lower(),
        "latitude": _coordinate(latitude, "latitude", 90),
        "longitude": _coordinate(longitude, "longitude", 180),
        "is_showroom": is_showroom,
        "is_active": is_active,
    }
    _validate(slug=slug, **values)
    if periods is not None:
        _validate_periods(slug, periods)
    partner = Partner.objects.filter(slug=slug).first()
    if partner is None:
        partner = Partner.objects.create(slug=slug, **values)
    elif any(getattr(partner, key) != value for key, value in values.items()):
        for key, value in values.items():
            setattr(partner, key, value)
        partner.save()
    if periods is not None:
        showroom_set_hours(partner=partner, periods=periods)
    _set_staff(partner, staff)
    return partner


@transaction.atomic
def showroom_set_hours(*, partner: Partner, periods: Sequence[Period]) -> None:
    """Make ``periods`` the showroom's exact opening hours (no write when unchanged)."""
    _validate_periods(partner.slug or partner.name, periods)
    if as_periods(partner.opening_periods.all()) == sorted(periods):
        return
    partner.opening_periods.all().delete()
    OpeningPeriod.objects.bulk_create(
        OpeningPeriod(partner=partner, weekday=p.weekday, opens=p.opens, closes=p.closes)
        for p in periods
    )


def _validate_periods(label: str, periods: Sequence[Period]) -> None:
    for period in periods:
        if period.weekday not in WEEKDAY_NAMES:
            raise ShowroomError(f"{label}: weekday {period.weekday!r} is not 0 (Monday)…6 (Sunday)")
        if period.opens == period.closes:
            raise ShowroomError(f"{label}: a period cannot open and close at {period.opens}")
    clash = overlaps(periods)
    if clash:
        first, second = clash
        raise ShowroomError(
            f"{label}: {WEEKDAY_NAMES[first.weekday]} {first.label()} overlaps "
            f"{WEEKDAY_NAMES[second.weekday]} {second.label()}"
        )


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


def _validate(
    *, slug: str, name: str, province_code: str, ward_code: str, email: str, **_ignored
) -> None:
    if not slug or slug != slug.strip().lower() or not all(c.isalnum() or c == "-" for c in slug):
        raise ShowroomError(f"slug {slug!r}: use lower-case letters, digits and '-'")
    if not name:
        raise ShowroomError(f"{slug}: the showroom needs a name")
    if province_code not in today_provinces():
        raise ShowroomError(
            f"{slug}: province_code {province_code!r} is not one of today's 34 provinces"
        )
    if ward_code and ward_province(ward_code) != province_code:
        raise ShowroomError(f"{slug}: ward {ward_code!r} is not a ward of {province_code}")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ShowroomError(f"{slug}: e-mail {email!r} is invalid") from None


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


# --- listing products for sale: price and stock per showroom --------------------------


@dataclass(frozen=True)
class Listing:
    product: Product
    price: Decimal
    stock: Mapping[Partner, int]
    description: str = ""
    image: bytes | None = None


@dataclass
class ListingResult:
    products_changed: int = 0
    stockrecords_created: int = 0
    stockrecords_updated: int = 0
    images_created: int = 0
    product_ids: set[int] = field(default_factory=set)


def product_list_for_sale(
    *,
    product: Product,
    price: Decimal,
    stock: Mapping[Partner, int],
    description: str = "",
    image: bytes | None = None,
) -> Product:
    """List one product: public, priced in VND and stocked at the given showrooms.

    ``stock`` maps a showroom to its quantity (0 is allowed: listed, sold
    out there). Showrooms not named keep their stock records. ``description``
    and ``image`` are published as ``catalogue.listing.products_publish`` does.
    """
    products_list_for_sale(
        listings=[Listing(product, price, stock, description=description, image=image)]
    )
    product.refresh_from_db()
    return product


def products_list_for_sale(*, listings: Sequence[Listing]) -> ListingResult:
    """List a batch of products in one transaction with bulk queries.

    Raises ``ListingError`` naming the product before anything is written.
    """
    for listing in listings:
        _validate_listing(listing)
    result = ListingResult()
    if not listings:
        return result
    with transaction.atomic():
        _upsert_stock(listings, result)
        published = products_publish(
            listings=[
                ProductListing(lst.product, description=lst.description, image=lst.image)
                for lst in listings
            ]
        )
    result.products_changed += published.products_changed
    result.images_created += published.images_created
    result.product_ids |= published.product_ids
    return result


def _validate_listing(listing: Listing) -> None:
    product, price = listing.product, listing.price
    listing_check_product(product)
    label = product_label(product)
    if not isinstance(price, Decimal) or not price.is_finite():
        raise ListingError(f"{label}: the price must be a Decimal amount of đồng")
    if price <= 0 or price > MAX_PRICE:
        raise ListingError(f"{label}: the price {price} ₫ must be above 0 and at most 1 tỷ ₫")
    if price != price.to_integral_value():
        raise ListingError(f"{label}: VND has no minor unit; {price} ₫ is not whole đồng")
    if not listing.stock:
        raise ListingError(f"{label}: name at least one showroom that holds stock")
    for partner, quantity in listing.stock.items():
        if partner.pk is None:
            raise ListingError(f"{label}: showroom {partner} is not saved")
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 0:
            raise ListingError(f"{label}: stock at {partner} must be a whole number ≥ 0")


def _upsert_stock(listings: Sequence[Listing], result: ListingResult) -> None:
    """Create or set the stock records of a batch in bulk, each change a ledger
    movement: a new record's quantity is "received", a changed one "count correction"."""
    existing = {
        (record.product_id, record.partner_id): record
        for record in locks.stockrecords_of_products_for_update(lst.product.pk for lst in listings)
    }
    new, changed, corrections = [], [], []
    for listing in listings:
        product = listing.product
        for partner, quantity in listing.stock.items():
            record = existing.get((product.pk, partner.pk))
            if record is None:
                new.append(
                    StockRecord(
                        product_id=product.pk,
                        partner_id=partner.pk,
                        partner_sku=product_sku(product),
                        price=listing.price,
                        price_currency=CURRENCY,
                        num_in_stock=quantity,
                        num_allocated=0,
                    )
                )
                continue
            level = record.num_in_stock or 0
            if (record.price, record.price_currency, level) == (listing.price, CURRENCY, quantity):
                continue
            if quantity < (record.num_allocated or 0):
                raise ListingError(
                    f"{product_label(product)}: {partner} holds {record.num_allocated} units "
                    f"for orders; stock cannot go below that"
                )
            corrections.append((record, quantity - level))
            record.price, record.price_currency = listing.price, CURRENCY
            record.num_in_stock = quantity
            changed.append(record)
    StockRecord.objects.bulk_create(new)
    StockRecord.objects.bulk_update(changed, ["price", "price_currency", "num_in_stock"])
    ledger.record_bulk_levels(created=new, corrections=corrections)
    result.stockrecords_created += len(new)
    result.stockrecords_updated += len(changed)
    result.product_ids.update(r.product_id for r in new + changed)
