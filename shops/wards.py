"""Today's wards and communes (phường, xã, đặc khu) of each province, from the
maintained ``vietnam-provinces`` package (two-tier government since 1 July 2025)."""

from functools import cache

from vietnam_provinces import Ward


def _code(value) -> str:
    return f"{int(value):05d}"


@cache
def _wards() -> dict[str, tuple[str, str]]:
    """Ward code -> (province code, name)."""
    return {
        _code(w.code): (f"{int(w.province_code):02d}", w.name)
        for w in sorted(Ward.iter_all(), key=lambda w: w.name)
    }


def ward_choices(province_code: str) -> list[tuple[str, str]]:
    """(code, name) of the wards of one province, by name."""
    return [
        (code, name) for code, (province, name) in _wards().items() if province == province_code
    ]


def ward_name(code: str) -> str:
    return _wards().get(code, ("", ""))[1]


def ward_province(code: str) -> str | None:
    """The province a ward belongs to, or None for an unknown code."""
    found = _wards().get(code)
    return found[0] if found else None


def find_ward(province_code: str, text: str) -> str | None:
    """The code of the ward of ``province_code`` whose name appears in ``text``
    ("Số 18 đường Hạ Long, phường Bãi Cháy" -> Phường Bãi Cháy), longest name first."""
    haystack = text.lower()
    names = sorted(ward_choices(province_code), key=lambda item: -len(item[1]))
    for code, name in names:
        if name.lower() in haystack:
            return code
    return None
