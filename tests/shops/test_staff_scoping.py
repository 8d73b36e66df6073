"""Showroom staff on every dashboard URL, generated from the URL resolver.

Each dashboard pattern is requested (GET and POST) by a showroom's staff member
with another showroom's ids in its path. A URL is either refused (403, 404 or a
redirect to the login page) or scoped (answers, but nothing of the other showroom
appears and nothing changes). A new dashboard URL that is in neither list fails
the walk until someone decides which it is.
"""

import pytest
from django.db import transaction
from django.urls import URLResolver, get_resolver, reverse

from catalogue.models import Certificate, Product
from shops.models import StockMovement, StockRecord
from tests.shops.dashboard_world import OTHER_SKU, OTHER_TITLE, build_world

# Open to showroom staff, scoped to their own showrooms by shops.scoping.
SCOPED = {
    "index",
    "catalogue-product-list",  # redirects to the own stock list
    "catalogue-product-lookup",
    "stock-alert-list",
    "order-list",
    "order-stats",
    "order-detail",  # the mixed order: own lines only, moved through storefront.fulfilment
    "order-pickup-queue",  # click & collect orders waiting at own showrooms
    "order-refund",  # own lines only
    "order-recalls",  # orders with own lines only
    "showroom-stock",
    "showroom-stockrecord",
    "showroom-stock-action",
    "showroom-movements",
    "showroom-stock-export",
    "showroom-movements-export",
    "showroom-counter",
    "showroom-withdraw",
    "showroom-vouchers",  # another showroom's code: "not found"
}
# Anybody may reach these.
PUBLIC = {"login", "logout"}
# Head office's only: every other Oscar dashboard view.
REFUSED = {
    "catalogue-product-bulk-action", "catalogue-product", "catalogue-product-create",
    "catalogue-product-create-child", "catalogue-product-delete", "catalogue-category-list",
    "catalogue-category-detail-list", "catalogue-category-create",
    "catalogue-category-create-child", "catalogue-category-update",
    "catalogue-category-delete", "catalogue-class-create", "catalogue-class-list",
    "catalogue-class-update", "catalogue-class-delete",
    "catalogue-attribute-option-group-create", "catalogue-attribute-option-group-list",
    "catalogue-attribute-option-group-update", "catalogue-attribute-option-group-delete",
    "catalogue-option-list", "catalogue-option-create", "catalogue-option-update",
    "catalogue-option-delete", "reports-index", "order-detail-note", "order-line-detail",
    "order-shipping-address", "users-index", "user-detail", "user-password-reset",
    "user-alert-list", "user-alert-delete", "user-alert-update", "page-list", "page-create",
    "page-update", "page-delete", "partner-list", "partner-create", "partner-manage",
    "partner-delete", "partner-user-create", "partner-user-select", "partner-user-link",
    "partner-user-unlink", "partner-user-update", "offer-list", "offer-metadata",
    "offer-condition", "offer-benefit", "offer-restrictions", "offer-delete", "offer-detail",
    "range-list", "range-create", "range-update", "range-delete", "range-products",
    "range-reorder", "reviews-list", "reviews-update", "reviews-delete", "voucher-list",
    "voucher-create", "voucher-update", "voucher-delete", "voucher-stats", "voucher-set-list",
    "voucher-set-create", "voucher-set-update", "voucher-set-detail", "voucher-set-download",
    "voucher-set-delete", "comms-list", "comms-update", "shipping-method-list",
    "shipping-method-create", "shipping-method-detail", "shipping-method-edit",
    "shipping-method-delete", "shipping-method-band-edit", "shipping-method-band-delete",
}  # fmt: skip
# Strings of the other showroom that must never reach this staff member.
SECRETS = (OTHER_TITLE, OTHER_SKU, "777.000", "777000", "877.000", "877000", "Lô bí mật B")


def _params(pattern):
    regex = pattern.pattern.regex
    return list(regex.groupindex)


def dashboard_patterns():
    """(url name, path parameter names) of every pattern under /dashboard/."""
    found = []

    def walk(patterns, prefix, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + [p], p.namespace or namespace)
            elif namespace == "dashboard":
                params = [n for r in prefix for n in _params(r)] + _params(p)
                found.append((p.name, tuple(params)))

    walk(get_resolver().url_patterns, [], None)
    return sorted(set(found))


PATTERNS = dashboard_patterns()


def test_every_dashboard_url_is_classified():
    names = {name for name, _params in PATTERNS}
    unknown = names - SCOPED - PUBLIC - REFUSED
    assert not unknown, f"classify these new dashboard URLs in this test: {sorted(unknown)}"
    assert not (SCOPED & REFUSED)
    assert len(PATTERNS) > 90  # the walk really found Oscar's dashboard


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction rolled back at the end
    (certificates cannot be deleted, so no teardown by deletion)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def other_ids(world, name):
    """Path arguments pointing at the other showroom's things."""
    pk = world.other_product.pk
    if name.startswith("showroom-"):
        pk = world.other_record.pk
    elif name.startswith("partner"):
        pk = world.other.pk
    elif name.startswith("user"):
        pk = world.other_staff.pk
    return {
        "pk": pk,
        "parent_pk": world.other_product.pk,
        "parent": 1,
        "product_class_slug": "san-pham-ocop",
        "number": world.mixed_order.number,
        "line_id": world.other_line.pk,
        "note_id": 1,
        "partner_pk": world.other.pk,
        "user_pk": world.other_staff.pk,
        "method_pk": 1,
        "action": "receive",
        "slug": "ORDER_PLACED",
    }


def state(world):
    record = StockRecord.objects.get(pk=world.other_record.pk)
    product = Product.objects.get(pk=world.other_product.pk)
    return (
        record.num_in_stock, record.price, record.low_stock_threshold,
        product.title, product.is_public, product.description,
        Certificate.objects.count(), StockMovement.objects.count(),
        world.mixed_order.lines.count(), Product.objects.count(),
    )  # fmt: skip


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(("name", "params"), PATTERNS, ids=[f"{n}{p}" for n, p in PATTERNS])
def test_showroom_staff_cannot_reach_another_showroom(client, world, db, method, name, params):
    ids = other_ids(world, name)
    url = reverse(f"dashboard:{name}", kwargs={p: ids[p] for p in params})
    client.force_login(world.staff)
    before = state(world)
    data = {"price": "1", "quantity": "1", "counted": "0", "title": "Đổi tên", "is_public": ""}
    response = getattr(client, method)(url, data if method == "post" else None)
    assert state(world) == before, f"{method.upper()} {url} changed the other showroom's data"
    if name in REFUSED:
        refused = response.status_code in (403, 404, 405) or (
            response.status_code == 302 and "/login/" in response["Location"]
        )
        assert refused, f"{method.upper()} {url} answered {response.status_code}"
        return
    assert response.status_code < 500
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    for secret in SECRETS:
        assert secret not in text, f"{method.upper()} {url} shows {secret!r}"
