import re

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def page_title(html: str) -> str:
    return re.sub(r"\s+", " ", re.search(r"<title>(.*?)</title>", html, re.S).group(1)).strip()


def url_in(language: str, name: str, *args, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, args=args or None, kwargs=kwargs or None)


def speak(client, language: str):
    """The client reads the site in this language (the language switch's cookie)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client
