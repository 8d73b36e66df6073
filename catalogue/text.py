"""Text folding for diacritic- and case-insensitive search."""

import re

from anyascii import anyascii

_SPACES = re.compile(r"\s+")


def fold_text(value: str) -> str:
    """'Bưởi đỏ Tân Lạc' -> 'buoi do tan lac' ('đ' folds to 'd')."""
    return _SPACES.sub(" ", anyascii(value or "").lower()).strip()
