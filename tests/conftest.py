import pytest

from catalogue.services import ensure_group_categories


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def groups(db):
    """code -> Category for the six OCOP groups."""
    return ensure_group_categories()
