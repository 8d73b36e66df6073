"""ASCII slugs from Vietnamese titles: "Hội chợ OCOP" -> "hoi-cho-ocop".

Django's ``slugify`` drops "đ" (it has no Unicode decomposition) and Wagtail's
admin script drops every letter outside its maps, so both are folded here
first, with the catalogue's one folding rule (``catalogue.text.fold_text``).
"""

from django.utils.text import slugify

from catalogue.text import fold_text


def ascii_slug(text: str, *, max_length: int = 255) -> str:
    return slugify(fold_text(text))[:max_length].strip("-")
