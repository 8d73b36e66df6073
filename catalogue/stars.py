"""OCOP star ratings: 3, 4 or 5 stars; below 3 there is no certificate.

One definition for the certificate model, the search filter and the CMS
product grid (forms and blocks use the values as strings).
"""

STARS = (3, 4, 5)
STAR_CHOICES = [(stars, f"{stars}★") for stars in STARS]


def star_choices_as_text() -> list[tuple[str, str]]:
    """The choices with string values, for form fields and Wagtail blocks."""
    return [(str(value), label) for value, label in STAR_CHOICES]
