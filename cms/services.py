"""Writes for CMS pages through Wagtail's own API (revisions, publishing).

Each service publishes a new revision only when something changed, so
running the same content in twice leaves no extra revisions behind.
"""

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from wagtail.models import Locale, Page, Site

from .models import HomePage, NewsIndexPage, NewsPage, StandardPage


class PageContentError(ValueError):
    """Page content that cannot be published; the message says what to fix."""


def home_page() -> HomePage:
    """The default site's root page, which must be our HomePage."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    page = site.root_page.specific if site else None
    if not isinstance(page, HomePage):
        raise PageContentError(
            "the default Wagtail site's root page is not a HomePage: run `manage.py migrate`"
        )
    return page


@transaction.atomic
def home_page_update(*, intro: str, body: Sequence[dict], title: str | None = None) -> bool:
    """Publish the home page's intro and StreamField body; True when it changed.

    ``body`` is Wagtail's JSON form: ``[{"type": "hero", "value": {...}}, ...]``.
    """
    page = home_page()
    values = {"intro": intro, "body": body}
    if title:
        values["title"] = title
    return _publish_if_changed(page, values)


@transaction.atomic
def news_index_create_or_update(
    *, parent: Page, slug: str, title: str, intro: str = ""
) -> tuple[NewsIndexPage, bool]:
    """The news index ``slug`` under ``parent``, created or updated and published."""
    return _child_create_or_update(
        parent=parent, model=NewsIndexPage, slug=slug, values={"title": title, "intro": intro}
    )


@transaction.atomic
def news_page_create_or_update(
    *,
    index: NewsIndexPage,
    slug: str,
    title: str,
    date: dt.date,
    summary: str,
    body: Sequence[dict],
    province: str = "",
    author: str = "",
    tags: Sequence[str] = (),
) -> tuple[NewsPage, bool]:
    """The article ``slug`` under ``index``, created or updated and published."""
    if not body:
        raise PageContentError(f"{slug}: an article needs a body")
    values = {"title": title, "date": date, "summary": summary, "body": body,
              "province": province, "author": author}
    return _child_create_or_update(
        parent=index, model=NewsPage, slug=slug, values=values, tags=tags
    )


@transaction.atomic
def standard_page_create_or_update(
    *, parent: Page, slug: str, title: str, intro: str, body: Sequence[dict]
) -> tuple[StandardPage, bool]:
    """A programme or policy page ``slug`` under ``parent``, created or updated and published."""
    values = {"title": title, "intro": intro, "body": body}
    return _child_create_or_update(parent=parent, model=StandardPage, slug=slug, values=values)


@transaction.atomic
def page_translation_publish(*, page: Page, language_code: str, values: dict) -> Page:
    """``page`` in another language: copied from it where missing (its parents as
    aliases when they have no translation), given ``values`` and published."""
    locale = Locale.objects.get(language_code=language_code)
    translation = page.get_translation_or_none(locale)
    if translation is None:
        translation = page.copy_for_translation(locale, copy_parents=True)
    translation = translation.specific
    if translation.alias_of_id is not None:
        # An alias mirrors the source page; a translated one stands on its own.
        translation.alias_of = None
        translation.save(update_fields=["alias_of"])
    _publish_if_changed(translation, values)
    if not translation.live:
        translation.save_revision(log_action=True).publish()
    return translation


def _child_create_or_update(*, parent: Page, model, slug: str, values: dict, tags=()):
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing, _publish_if_changed(existing, values)
    page = model(slug=slug, **values)
    if tags:
        page.tags.add(*tags)
    parent.add_child(instance=page)
    page.save_revision(log_action=True).publish()
    return page, True


def _publish_if_changed(page: Page, values: dict) -> bool:
    changed = {name: value for name, value in values.items() if not _same(page, name, value)}
    if not changed:
        return False
    for name, value in changed.items():
        setattr(page, name, value)
    page.save_revision(log_action=True).publish()
    return True


def _same(page: Page, name: str, value) -> bool:
    current = getattr(page, name)
    stream_block = getattr(page._meta.get_field(name), "stream_block", None)
    if stream_block is None:
        return current == value
    # Compare StreamField content as prepared JSON, ignoring block ids.
    def plain(stream):
        return [(b["type"], b["value"]) for b in stream_block.get_prep_value(stream)]

    return plain(current) == plain(stream_block.to_python(list(value)))
