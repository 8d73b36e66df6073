"""QR codes for traceability stamps: they point at the verification page."""

from functools import lru_cache

import qrcode
import qrcode.image.svg


@lru_cache(maxsize=4096)  # 5–10 ms to draw; the SVG depends only on the URL
def qr_svg(url: str) -> str:
    """An inline SVG QR code for ``url``."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")
