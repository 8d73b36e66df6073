"""Start-up guard: with DEBUG off the project refuses development-only settings.

Called from ``settings.py`` so that ``runserver``, ``gunicorn``, Celery and
every management command stop with a message that says what to set.
"""

from django.core.exceptions import ImproperlyConfigured

DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me"


def refuse_unsafe_production_settings(*, debug: bool, secret_key: str, allowed_hosts: list[str]):
    """Raise ImproperlyConfigured when DEBUG is off and a development default is in use."""
    if debug:
        return
    if not secret_key or secret_key == DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_DEBUG=0 but DJANGO_SECRET_KEY is the development key: set DJANGO_SECRET_KEY "
            "to a long random value kept out of the repository, e.g. the output of "
            "`python -c \"import secrets; print(secrets.token_urlsafe(50))\"`."
        )
    if not allowed_hosts or "*" in allowed_hosts:
        raise ImproperlyConfigured(
            "DJANGO_DEBUG=0 but DJANGO_ALLOWED_HOSTS is '*' (any host) or empty: "
            "set DJANGO_ALLOWED_HOSTS to the site's host names, comma-separated, e.g. "
            "DJANGO_ALLOWED_HOSTS=ocop.example.vn,www.ocop.example.vn."
        )
