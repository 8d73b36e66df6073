import pytest

from catalogue.services import ensure_group_categories
from storefront.celery import app as celery_app


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _eager_tasks():
    """Tasks run in-process unless a test starts a real worker (and says so)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Vietnamese: a request to /en/… leaves English active
    in the test's thread (LocaleMiddleware activates, nothing deactivates)."""
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.activate("vi")


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def groups(db):
    """code -> Category for the six OCOP groups."""
    return ensure_group_categories()


def _plain_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and marker.kwargs.get("serialized_rollback"):
        return False
    if marker and marker.kwargs.get("transaction"):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Transactional tests that do not restore the migrated data run last.

    Their flush re-creates content types, which the next test restoring the
    migrated data (``serialized_rollback``: Wagtail's pages, groups) would
    insert a second time. Moving them behind every other test keeps the
    suite's result independent of file names.
    """
    items.sort(key=_plain_transactional)
