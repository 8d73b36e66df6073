"""Validation of registry certificate records (registry contract §1).

``parse_record`` turns a decoded JSON object into a ``CertificateRecord`` or
raises ``RecordError`` with a reason a person can act on. It never raises
anything else, whatever it is given.
"""

import datetime as dt
import re
from dataclasses import dataclass

from ..groups import GROUP_CODES
from ..provinces import resolve_province

LEVELS = ("provincial", "national")
STATUSES = ("active", "suspended", "revoked")
PRODUCER_KINDS = ("company", "cooperative", "cooperative_group", "household")
PROVINCE_CODE = re.compile(r"[0-9]{1,2}")  # ASCII digits only: str.isdigit() also takes "²"


class RecordError(ValueError):
    """A record that breaks the contract; ``str(error)`` is the reason."""


@dataclass(frozen=True)
class ProducerRecord:
    registry_id: str
    name: str
    tax_code: str
    kind: str


@dataclass(frozen=True)
class CertificateRecord:
    certificate_no: str
    product_code: str
    product_name: str
    group: str
    stars: int
    level: str
    status: str
    issued_on: dt.date
    expires_on: dt.date
    revoked_on: dt.date | None
    revocation_reason: str
    decision_no: str
    issuer: str
    province_code: str  # as issued
    today_province_code: str  # filed under
    producer: ProducerRecord
    updated_at: dt.datetime


def _storable(field: str, value: str) -> str:
    """Refuse text no database can store: NUL bytes, lone UTF-16 surrogates."""
    if "\x00" in value:
        raise RecordError(f"{field}: contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise RecordError(f"{field}: contains invalid Unicode (a lone surrogate)") from None
    return value


def _text(data: dict, field: str, *, max_length: int = 255, required: bool = True) -> str:
    value = data.get(field)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise RecordError(f"{field}: must be a string")
    value = _storable(field, value).strip()
    if required and not value:
        raise RecordError(f"{field}: must not be empty")
    if len(value) > max_length:
        raise RecordError(f"{field}: longer than {max_length} characters")
    return value


def _choice(data: dict, field: str, choices: tuple[str, ...]) -> str:
    value = data.get(field)
    if value not in choices:
        raise RecordError(f"{field}: must be one of {', '.join(choices)} (got {value!r})")
    return value


def _date(data: dict, field: str, *, required: bool = True) -> dt.date | None:
    value = data.get(field)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise RecordError(f"{field}: must be an ISO date (YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise RecordError(f"{field}: {value!r} is not an ISO date (YYYY-MM-DD)") from None


def parse_rfc3339(value) -> dt.datetime:
    """An RFC 3339 timestamp with its offset; ValueError says what is wrong.

    Shared by record fields, the feed's server_time and webhook events.
    """
    if not isinstance(value, str):
        raise ValueError("must be an RFC 3339 timestamp with an offset")
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ValueError(f"{value!r} is not an RFC 3339 timestamp") from None
    if parsed.tzinfo is None or "T" not in value.upper():
        raise ValueError(f"{value!r} has no time or no UTC offset")
    try:
        # Databases store UTC: year 1 at +05:00 or year 9999 at -05:00 cannot be stored.
        parsed.astimezone(dt.UTC)
    except OverflowError:
        raise ValueError(f"{value!r} is out of range") from None
    return parsed


def _timestamp(data: dict, field: str) -> dt.datetime:
    try:
        return parse_rfc3339(data.get(field))
    except ValueError as error:
        raise RecordError(f"{field}: {error}") from None


def _producer(data: dict) -> ProducerRecord:
    producer = data.get("producer")
    if not isinstance(producer, dict):
        raise RecordError("producer: must be an object")
    try:
        return ProducerRecord(
            registry_id=_text(producer, "registry_id", max_length=64),
            name=_text(producer, "name"),
            tax_code=_text(producer, "tax_code", max_length=32, required=False),
            kind=_choice(producer, "kind", PRODUCER_KINDS),
        )
    except RecordError as error:
        raise RecordError(f"producer.{error}") from None


def parse_record(data) -> CertificateRecord:
    """Validate one registry record; raise RecordError with the first reason."""
    if not isinstance(data, dict):
        raise RecordError("record: must be a JSON object")
    certificate_no = _text(data, "certificate_no", max_length=64)
    stars = data.get("stars")
    if isinstance(stars, bool) or not isinstance(stars, int | float) or stars not in (3, 4, 5):
        raise RecordError(f"stars: must be 3, 4 or 5 (got {stars!r})")
    stars = int(stars)  # JSON may say 4.0
    level = _choice(data, "level", LEVELS)
    if stars == 5 and level != "national":
        raise RecordError("level: a 5-star certificate is always national")
    status = _choice(data, "status", STATUSES)
    issued_on = _date(data, "issued_on")
    expires_on = _date(data, "expires_on")
    if expires_on <= issued_on:
        raise RecordError("expires_on: must be after issued_on")
    revoked_on = _date(data, "revoked_on", required=False)
    reason = _text(data, "revocation_reason", max_length=2000, required=False)
    if status == "revoked" and (revoked_on is None or not reason):
        raise RecordError("revoked_on, revocation_reason: required when status is revoked")
    province_code = data.get("province_code")
    if not isinstance(province_code, str) or not PROVINCE_CODE.fullmatch(province_code.strip()):
        raise RecordError(
            f"province_code: must be a numeric string such as \"22\" (got {province_code!r})"
        )
    try:
        today_province = resolve_province(province_code)
    except ValueError as error:
        raise RecordError(str(error)) from None
    return CertificateRecord(
        certificate_no=certificate_no,
        product_code=_text(data, "product_code"),
        product_name=_text(data, "product_name"),
        group=_choice(data, "group", GROUP_CODES),
        stars=stars,
        level=level,
        status=status,
        issued_on=issued_on,
        expires_on=expires_on,
        revoked_on=revoked_on if status == "revoked" else None,
        revocation_reason=reason if status == "revoked" else "",
        decision_no=_text(data, "decision_no", max_length=128, required=False),
        issuer=_text(data, "issuer", required=False),
        province_code=province_code.strip(),
        today_province_code=today_province,
        producer=_producer(data),
        updated_at=_timestamp(data, "updated_at"),
    )
