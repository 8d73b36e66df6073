"""QR codes for traceability stamps: they point at the verification page."""

import qrcode
import qrcode.image.svg


def qr_svg(url: str) -> str:
    """An inline SVG QR code for ``url``."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")
