"""Product photos in responsive widths: srcset on cards and the product page, each
width made once on first request, from the file name alone (no query)."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalogue.models import ProductImage
from catalogue.renditions import WIDTHS
from tests.factories import CertificateFactory, ProductFactory

pytestmark = pytest.mark.django_db


def jpeg(size=(1200, 900), colour="#c0392b") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def product():
    product = ProductFactory(title="Bưởi đỏ Tân Lạc")
    CertificateFactory(product=product)
    ProductImage.objects.create(product=product,
                                original=SimpleUploadedFile("buoi.jpg", jpeg()))
    return product


def card_sources(client) -> tuple[str, list[tuple[str, int]]]:
    """The first card's src and its srcset as (url, width) pairs."""
    html = client.get("/catalogue/").content.decode()
    img = re.search(r'<img class="card-img"[^>]*>', html).group(0)
    srcset = re.search(r'srcset="([^"]+)"', img).group(1)
    candidates = [item.strip().rsplit(" ", 1) for item in srcset.split(",")]
    return (re.search(r'src="([^"]+)"', img).group(1),
            [(url, int(width.rstrip("w"))) for url, width in candidates])


def test_cards_offer_every_width_and_each_is_a_webp_of_that_width(client, product,
                                                                  django_assert_num_queries):
    src, candidates = card_sources(client)
    assert [width for __, width in candidates] == list(WIDTHS)
    assert src == candidates[0][0]

    for url, width in candidates:
        with django_assert_num_queries(0):
            response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/webp"
        assert "immutable" in response["Cache-Control"] and "max-age=31536000" in response[
            "Cache-Control"]
        image = Image.open(io.BytesIO(response.content))
        assert image.format == "WEBP" and image.size == (width, width * 3 // 4)


def test_a_width_is_made_once_then_read(client, product):
    name = product.images.get().original.name
    url = f"/images/640/{name}"
    first = client.get(url).content
    stored = f"renditions/640/{name}.webp"
    assert default_storage.exists(stored)
    default_storage.delete(name)  # the copy answers without the original

    assert client.get(url).content == first


def test_never_wider_than_the_original(client):
    default_storage.save("images/products/small.jpg", ContentFile(jpeg((400, 300))))
    response = client.get("/images/960/images/products/small.jpg")
    assert Image.open(io.BytesIO(response.content)).size == (400, 300)


def test_product_page_photo_has_srcset(client, product):
    html = client.get(product.get_absolute_url()).content.decode()
    main = re.search(r'<img src="/images/640/[^"]+" srcset="([^"]+)"', html)
    assert main and main.group(1).count("w,") == len(WIDTHS) - 1


def test_product_without_photo_shows_the_placeholder_without_srcset(client):
    CertificateFactory(product=ProductFactory(title="Mật ong bạc hà"))
    html = client.get("/catalogue/").content.decode()
    img = re.search(r'<img class="card-img"[^>]*>', html).group(0)
    assert "srcset" not in img and "/static/" in img


@pytest.mark.parametrize("path", [
    "/images/500/images/products/buoi.jpg",              # not an offered width
    "/images/640/images/products/khong-co.jpg",          # no such file
    "/images/640/images/../../storefront/settings.py",   # out of the photos
    "/images/640/images/products/../../../etc/passwd",
    "/images/640/renditions/640/x.webp",                 # not an original
    "/images/640/images/products/not-an-image.jpg",      # not an image
    "/images/99999999999999999999/images/products/buoi.jpg",
])
def test_anything_else_is_not_found(client, product, path):
    default_storage.save("images/products/not-an-image.jpg", ContentFile(b"GIF89a nonsense"))
    assert client.get(path).status_code == 404


def test_only_get_and_head(client, product):
    url = f"/images/320/{product.images.get().original.name}"
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405
