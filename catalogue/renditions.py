"""Product photos in the widths a page asks for (``srcset``), made on first request.

A rendition's address comes from the original's file name alone
(``/images/640/images/products/2026/11/x.jpg``), so a page of 24 cards builds
its ``srcset`` without a query or a thumbnail-cache lookup per image (sorl's
cache costs one when cold). The first request for a width makes a WebP copy,
stored beside the media files under ``renditions/``; later requests read it.
Stored originals never change under the same name (uploads get a new name),
so browsers may keep a rendition for a year.
"""

import io
import posixpath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image, ImageOps, UnidentifiedImageError

WIDTHS = (320, 640, 960)
ORIGINALS = "images/"  # Oscar's OSCAR_IMAGE_FOLDER lives under it
QUALITY = 80


def rendition_url(name: str, width: int) -> str:
    return reverse("image-rendition", args=[width, name])


def srcset(name: str) -> str:
    return ", ".join(f"{rendition_url(name, width)} {width}w" for width in WIDTHS)


def is_original(name: str) -> bool:
    """A product photo's stored name: under images/, no way out of it."""
    return (name.startswith(ORIGINALS) and posixpath.normpath(name) == name
            and "\\" not in name and "\x00" not in name)


def rendition(name: str, width: int) -> bytes | None:
    """The WebP of the original ``name`` at ``width`` (never wider than the
    original), or None when there is no such photo or it cannot be read."""
    if width not in WIDTHS or not is_original(name):
        return None
    stored = f"renditions/{width}/{name}.webp"
    if default_storage.exists(stored):
        with default_storage.open(stored) as file:
            return file.read()
    if not default_storage.exists(name):
        return None
    try:
        with default_storage.open(name) as file, Image.open(file) as image:
            data = resized(image, width)
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError):
        return None
    # Two first requests at once: the later finds the copy (or, rarely, stores a
    # second one under another name, never read).
    if not default_storage.exists(stored):
        default_storage.save(stored, ContentFile(data))
    return data


def resized(image: Image.Image, width: int) -> bytes:
    image = ImageOps.exif_transpose(image)
    if image.width > width:
        image = image.resize((width, round(image.height * width / image.width)),
                             Image.Resampling.LANCZOS)
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", quality=QUALITY, method=4)
    return buffer.getvalue()
