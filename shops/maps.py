"""Map settings shared by the locator, a showroom's page and the OCOP map.

Tiles come from ``OCOP_MAP_TILE_URL`` (OpenStreetMap by default; empty: no
tiles, the markers and labels still draw). Whatever the tiles say, the map
labels Hoàng Sa and Trường Sa as Vietnamese in its own overlay.
"""

from urllib.parse import urlsplit

from csp.constants import SELF
from django.conf import settings
from django.utils.translation import gettext as _

DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
ATTRIBUTION = "© OpenStreetMap"


def tile_url() -> str:
    return getattr(settings, "OCOP_MAP_TILE_URL", DEFAULT_TILE_URL)


def tile_source() -> str | None:
    """The origin the tiles load from, for the page's img-src (None: ours or none)."""
    parts = urlsplit(tile_url())
    if not parts.scheme or not parts.netloc:
        return None
    host = parts.netloc.replace("{s}", "*")
    return f"{parts.scheme}://{host}"


def csp_img_src() -> list[str]:
    source = tile_source()
    return [SELF, "data:"] + ([source] if source else [])


def islands() -> list[dict]:
    """Vietnam's two archipelagos, labelled on every map we publish."""
    return [
        {"name": _("Quần đảo Hoàng Sa (Việt Nam)"), "lat": 16.5, "lon": 112.0},
        {"name": _("Quần đảo Trường Sa (Việt Nam)"), "lat": 10.0, "lon": 114.3},
    ]


def map_config(**extra) -> dict:
    """The JSON the map script reads (json_script: no inline code)."""
    return {
        "tiles": tile_url(),
        "attribution": ATTRIBUTION if tile_url() == DEFAULT_TILE_URL else "",
        "islands": islands(),
        **extra,
    }
