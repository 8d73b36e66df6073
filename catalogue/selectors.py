"""Reads for consumer pages. All of them start from ``Product.objects.browsable()``."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, Min, OuterRef
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .groups import GROUP_CODES
from .models import Category, Certificate, Product, ProductCategory
from .sorting import DEFAULT_SORT, SORTS
from .text import fold_text
from .validity import ACTIVE, EXPIRED, NOT_YET_VALID, REVOKED, SUSPENDED, local_today


def group_categories() -> list[Category]:
    """The six group categories in the registry's order."""
    by_code = {c.code: c for c in Category.objects.filter(code__in=GROUP_CODES)}
    return [by_code[code] for code in GROUP_CODES if code in by_code]


def product_cards(*, on: dt.date | None = None):
    """Browsable products with everything a product card shows, in a fixed
    number of queries whatever the page size."""
    return (
        Product.objects.browsable(on)
        .with_certificate(on)
        .select_related("producer", "product_class")
        .prefetch_related("images", "stockrecords")
    )


def product_list(
    *,
    category: Category | None = None,
    province: str | None = None,
    stars: int | None = None,
    query: str | None = None,
    sort: str | None = None,
):
    qs = product_cards()
    if category is not None:
        in_category = ProductCategory.objects.filter(
            product=OuterRef("pk"), category__path__startswith=category.path
        )
        qs = qs.filter(Exists(in_category))
    if province:
        qs = qs.filter(province_code=province)
    if stars:
        qs = qs.filter(ocop_stars=stars)
    if query:
        for word in fold_text(query).split():
            qs = qs.filter(search_text__contains=word)
    order = SORTS.get(sort) or SORTS[DEFAULT_SORT]
    if order.by_price:
        qs = qs.annotate(min_price=Min("stockrecords__price"))
    return qs.order_by(*order.order_by)


def product_is_sellable(product: Product) -> bool:
    """Whether this product may be bought now, using the list annotation when
    the product came from ``product_cards`` and one query otherwise."""
    cached = getattr(product, "_ocop_sellable", None)
    if cached is not None:
        return cached
    if hasattr(product, "ocop_stars") and product.parent_id is None:
        sellable = product.is_public and product.ocop_stars is not None
    else:
        sellable = Product.objects.sellable().filter(pk=product.pk).exists()
    product._ocop_sellable = sellable
    return sellable


def shown_certificate(product: Product, on: dt.date | None = None) -> Certificate | None:
    """The valid certificate whose stars a product shows (latest issue date)."""
    owner_id = product.parent_id or product.pk
    return Certificate.objects.filter(product_id=owner_id).valid_on(on).shown_first().first()


def latest_certificate(product: Product) -> Certificate | None:
    owner_id = product.parent_id or product.pk
    return Certificate.objects.filter(product_id=owner_id).shown_first().first()


@dataclass(frozen=True)
class Verdict:
    """Why a certificate is or is not valid now, in words for consumers."""

    status: str
    reason: str

    @property
    def valid(self) -> bool:
        return self.status == ACTIVE


def certificate_verdict(certificate: Certificate, on: dt.date | None = None) -> Verdict:
    on = on or local_today()
    status = certificate.state(on)
    day = lambda d: date_format(d, "d/m/Y")  # noqa: E731
    reasons = {
        ACTIVE: lambda: _("Giấy chứng nhận OCOP còn hiệu lực đến hết ngày %(date)s")
        % {"date": day(certificate.expires_on)},
        EXPIRED: lambda: _("Giấy chứng nhận OCOP đã hết hạn ngày %(date)s")
        % {"date": day(certificate.expires_on)},
        NOT_YET_VALID: lambda: _("Giấy chứng nhận OCOP chưa có hiệu lực (từ ngày %(date)s)")
        % {"date": day(certificate.issued_on)},
        SUSPENDED: lambda: _("Giấy chứng nhận OCOP đang bị tạm dừng"),
        REVOKED: lambda: revoked_reason(certificate),
    }
    return Verdict(status=status, reason=reasons[status]())


def revoked_reason(certificate: Certificate) -> str:
    text = _("Giấy chứng nhận OCOP đã bị thu hồi")
    if certificate.revoked_on:
        text = _("Giấy chứng nhận OCOP đã bị thu hồi ngày %(date)s") % {
            "date": date_format(certificate.revoked_on, "d/m/Y")
        }
    if certificate.revocation_reason:
        text = f"{text}: {certificate.revocation_reason}"
    return text


def related_certified(product: Product, limit: int = 8):
    """Certified products of the same group, for pages of products that are not."""
    same_group = ProductCategory.objects.filter(
        product=OuterRef("pk"),
        category__in=Category.objects.filter(product=product.parent_id or product.pk),
    )
    return (
        product_cards()
        .filter(Exists(same_group))
        .exclude(pk=product.pk)
        .order_by("-ocop_stars", "-date_created")[:limit]
    )



SHOWN, GONE, NOT_FOUND = "shown", "gone", "not_found"


@dataclass(frozen=True)
class ProductPage:
    """What a product's page shows: the product with its certificate (shown),
    the reason it is no longer sold (gone: 410), or nothing (not found: 404)."""

    status: str
    product: Product | None = None
    certificate: Certificate | None = None
    verdict: Verdict | None = None


def product_for_page(pk: int) -> ProductPage:
    """The product page's one question to the rule: shown, gone with a reason,
    or never certified (or not listed), which is not found."""
    product = (
        Product.objects.sellable()
        .with_certificate()
        .select_related("producer", "product_class")
        .filter(pk=pk)
        .first()
    )
    if product is not None:
        return ProductPage(SHOWN, product, certificate=shown_certificate(product))
    product = Product.objects.listed().select_related("producer").filter(pk=pk).first()
    certificate = latest_certificate(product) if product is not None else None
    if certificate is None:
        return ProductPage(NOT_FOUND)
    return ProductPage(GONE, product, certificate, certificate_verdict(certificate))
