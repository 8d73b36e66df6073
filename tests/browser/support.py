"""Helpers shared by the browser tests (headless Debian Chromium via Playwright)."""

import io
import os
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from catalogue.models import Certificate, ProductImage
from tests.factories import CertificateFactory, ProductFactory

REPO = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]

# Runs in every page before its own scripts (Playwright injects it outside
# the page's Content-Security-Policy): records each CSP violation.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
    window.__cspViolations.push(
        event.effectiveDirective + " blocked " + (event.blockedURI || "inline") +
        " at " + event.sourceFile + ":" + event.lineNumber
    );
});
"""


def artifacts_dir() -> Path:
    path = Path(os.environ.get("TEST_ARTIFACTS_DIR", REPO / "test-artifacts"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def photo(name: str, colour: str) -> SimpleUploadedFile:
    image = Image.new("RGB", (640, 480), colour)
    ImageDraw.Draw(image).ellipse((170, 90, 470, 390), fill="white")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def certified(title, *, stars, group="food", province="22", colour="#c0392b", showroom=None, **kw):
    product = ProductFactory(title=title, province_code=province, group=group,
                             stock={"partner": showroom} if showroom else None)
    ProductImage.objects.create(product=product, original=photo(f"{product.code}.jpg", colour))
    level = Certificate.Level.NATIONAL if stars == 5 else Certificate.Level.PROVINCIAL
    CertificateFactory(product=product, stars=stars, level=level, **kw)
    return product


def fill_vietnamese_address(page) -> None:
    """Checkout's address step as a shopper fills it: recipient, a Vietnamese mobile,
    Hòa Bình (25) and its first ward (loaded when the province is picked), street,
    consent."""
    page.fill("#id_first_name", "Nguyễn Thị Lan")
    page.fill("#id_phone_number", "0912 345 678")
    with page.expect_response(lambda r: "/checkout/wards/25/" in r.url):
        page.select_option("#id_province", "25")
    page.select_option("#id_ward", page.locator("#id_ward option").nth(1).get_attribute("value"))
    page.fill("#id_line1", "Số 12 đường Cù Chính Lan")
    page.check("#id_consent")
