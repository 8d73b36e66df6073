"""Vietnam's 34 provinces (since 1 July 2025) and the former codes they absorbed.

Today's list comes from the maintained ``vietnam-provinces`` package; the
former-code table is the one piece kept by hand (Resolution 202/2025/QH15).
"""

from functools import cache

from vietnam_provinces import Province

# former GSO code -> today's GSO code, for codes that changed hands.
FORMER_TO_TODAY: dict[str, str] = {
    "02": "08", "10": "15", "06": "19", "27": "24", "26": "25", "17": "25",
    "30": "31", "34": "33", "35": "37", "36": "37", "45": "44", "49": "48",
    "62": "51", "64": "52", "58": "56", "54": "66", "67": "68", "60": "68",
    "70": "75", "74": "79", "77": "79", "72": "80", "87": "82", "83": "86",
    "84": "86", "89": "91", "94": "92", "93": "92", "95": "96",
}  # fmt: skip


def _code(value) -> str:
    return f"{int(value):02d}"


@cache
def today_provinces() -> dict[str, str]:
    """Code -> name of today's 34 provinces, ordered by code."""
    items = sorted((_code(p.code), p.name) for p in Province.iter_all())
    return dict(items)


def province_choices() -> list[tuple[str, str]]:
    return list(today_provinces().items())


def province_name(code: str) -> str:
    return today_provinces().get(code, code)


def resolve_province(code: str) -> str:
    """Today's province code for a current or former GSO code.

    Raises ValueError for a code that is neither.
    """
    raw = str(code).strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 2:
        raise ValueError(f"province_code {code!r} is not a GSO province code")
    normalised = _code(raw)
    today = FORMER_TO_TODAY.get(normalised, normalised)
    if today not in today_provinces():
        raise ValueError(f"province_code {code!r} is not a known province")
    return today
