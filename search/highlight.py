"""Highlight the query's words in a title, matching without diacritics."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from catalogue.text import fold_text

from .query import Text


def highlight(title: str, text: Text) -> SafeString:
    """'Bưởi đỏ Tân Lạc' for 'buoi tan' -> '<mark>Bưởi</mark> đỏ <mark>Tân</mark> Lạc'.

    Each folded word marks the starts of words it matches; the marks land on
    the original (accented) characters."""
    if not text or not title:
        return escape(title or "")
    folded, origin = _fold_with_origin(title)
    marked = [False] * len(title)
    for word in text.folded:
        start = folded.find(word)
        while start != -1:
            if start == 0 or not folded[start - 1].isalnum():
                for i in range(start, start + len(word)):
                    marked[origin[i]] = True
            start = folded.find(word, start + 1)
    out, inside = [], False
    for char, mark in zip(title, marked, strict=True):
        if mark != inside:
            out.append("<mark>" if mark else "</mark>")
            inside = mark
        out.append(escape(char))
    if inside:
        out.append("</mark>")
    return mark_safe("".join(out))  # noqa: S308 - every character was escaped


def _fold_with_origin(title: str) -> tuple[str, list[int]]:
    """The folded title and, for each folded character, its index in ``title``."""
    chars, origin = [], []
    for index, char in enumerate(title):
        folded = fold_text(char) if not char.isspace() else " "
        for f in folded or "":
            chars.append(f)
            origin.append(index)
    return "".join(chars), origin
