"""Vietnamese text: diacritic folding for search and the alphabetical sort key."""

import re
import unicodedata

from anyascii import anyascii

_SPACES = re.compile(r"\s+")


def fold_text(value: str) -> str:
    """'Bưởi đỏ Tân Lạc' -> 'buoi do tan lac' ('đ' folds to 'd')."""
    return _SPACES.sub(" ", anyascii(value or "").lower()).strip()


# Vietnamese alphabetical order (f j w z, used in loanwords, at their Latin places).
_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
_LETTER_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
# Tones compare after the letters of the whole string, in the dictionary's order:
# ngang, huyền, hỏi, ngã, sắc, nặng (CLDR's Vietnamese tailoring says the same).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def vietnamese_sort_key(value: str) -> str:
    """A string whose code-point order is Vietnamese alphabetical order.

    Primary: letters a < ă < â < b … < đ … < y (spaces and punctuation first,
    then digits); secondary: tones; tertiary: lower case first. Plain string
    comparison of two keys gives the order, so the key also sorts in
    Elasticsearch (a keyword field) and in SQLite (a collation)."""
    primary, tones, cases = [], [], []
    for char in unicodedata.normalize("NFD", value or ""):
        if unicodedata.combining(char):
            if char in _TONES and tones:
                tones[-1] = _TONES[char]
            elif primary and primary[-1][1]:
                # Breve, circumflex and horn make a new letter (ă, â, ê, ô, ơ, ư).
                letter = unicodedata.normalize("NFC", primary[-1][1] + char)
                if letter in _LETTER_RANK:
                    primary[-1] = (_letter_code(letter), letter)
            continue
        lower = char.lower()
        cases.append("1" if lower != char else "0")
        tones.append(0)
        if lower in _LETTER_RANK:
            primary.append((_letter_code(lower), lower))
        elif lower.isdigit() and lower.isascii():
            primary.append((chr(0x30 + int(lower)), ""))
        elif lower.isspace() or unicodedata.category(lower)[0] in "PSZC":
            primary.append(("!", ""))
        else:
            # Another script: after every Latin letter, in code-point order.
            primary.append((chr(0x100 + ord(lower)), ""))
    return (
        "".join(code for code, _ in primary)
        + "\x01"
        + "".join(chr(0x30 + tone) for tone in tones)
        + "\x01"
        + "".join(cases)
    )


def _letter_code(letter: str) -> str:
    return chr(0x41 + _LETTER_RANK[letter])


def sqlite_vietnamese_collation(left: str, right: str) -> int:
    """SQLite collation with the order of PostgreSQL's ICU ``vi`` collation."""
    a, b = vietnamese_sort_key(left), vietnamese_sort_key(right)
    return (a > b) - (a < b)
