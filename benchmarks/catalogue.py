#!/usr/bin/env python
"""Catalogue benchmark: our certificate-gated pages against stock Oscar, same data.

Run by hand (not part of the test suite):

    createdb -h 127.0.0.1 -U postgres ocop_bench_catalogue
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ocop_bench_catalogue \\
        python benchmarks/catalogue.py

It migrates the database, seeds 20,000 demo products with certificates in
every state (through ``apply_records`` in batches of 1,000 and the bulk
listing service; re-running on the same day re-uses them), then measures
server time (median of N requests after warm-ups, in-process through the
full middleware stack) and SQL queries per request for:

- our group page ``/catalogue/category/<slug>_<pk>/`` (24 per page, gated by
  ``Product.objects.browsable()``) and our product page;
- stock Oscar on the same data: a plain ListView over Oscar's ungated
  ``Product.objects.filter(parent=None, is_public=True).base_queryset()``
  in the same category, 24 per page, rendered with Oscar's own product
  partial (``render_product``) in a minimal template, and Oscar's stock
  ``ProductDetailView`` with Oscar's own templates and default strategy.

Stock Oscar's partial uses sorl thumbnails: the warm-up requests fill the
thumbnail cache before anything is timed.
"""

import argparse
import contextlib
import copy
import importlib
import math
import os
import statistics
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storefront.settings")
os.environ.setdefault(
    "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ocop_bench_catalogue"
)
# Production-like: cached template loader, no debug toolbar of any kind.
os.environ.setdefault("DJANGO_DEBUG", "false")
# …which the production guard accepts only with a real key and host list; the
# test client speaks plain HTTP to "testserver".
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-key-" + "x" * 50)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("MEDIA_ROOT", str(ROOT / "var" / "bench-media"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.generic import ListView  # noqa: E402
from oscar.apps.catalogue.views import ProductDetailView as StockProductDetailView  # noqa: E402
from oscar.apps.partner.strategy import Default as StockStrategy  # noqa: E402

from catalogue.demo.images import product_image  # noqa: E402
from catalogue.demo.products import demo_products  # noqa: E402
from catalogue.demo.seed import apply_certificates  # noqa: E402
from catalogue.models import Category, Product  # noqa: E402
from catalogue.selectors import product_list  # noqa: E402
from catalogue.validity import local_today  # noqa: E402
from shops.demo import create_showrooms, list_products  # noqa: E402
from storefront.demo import QUIET_MAIL  # noqa: E402

BATCH_SIZE = 1_000
STOCK_LIST_TEMPLATE = """{% load product_tags %}<!DOCTYPE html>
<html lang="vi"><head><title>{{ category.name }}</title></head><body>
<h1>{{ category.name }}</h1>
<ol class="row">{% for p in page_obj %}<li>{% render_product p %}</li>{% endfor %}</ol>
</body></html>"""


# --- stock Oscar views --------------------------------------------------------------


class StockStrategyMixin:
    """Stock Oscar prices with its default strategy (ours adds the certificate rule)."""

    def dispatch(self, request, *args, **kwargs):
        request.strategy = StockStrategy(request)
        return super().dispatch(request, *args, **kwargs)


class StockCategoryListView(StockStrategyMixin, ListView):
    paginate_by = settings.OSCAR_PRODUCTS_PER_PAGE

    def get_queryset(self):
        self.category = Category.objects.get(pk=self.kwargs["pk"])
        return (
            Product.objects.filter(parent=None, is_public=True)
            .base_queryset()
            .filter(categories__in=self.category.get_descendants_and_self())
            .distinct()
            .order_by("-date_created", "-pk")
        )

    def render_to_response(self, context, **kwargs):
        template = engines["django"].from_string(STOCK_LIST_TEMPLATE)
        return HttpResponse(template.render(context | {"category": self.category}, self.request))


class StockDetailView(StockStrategyMixin, StockProductDetailView):
    # Mounted under /bench/, so Oscar's redirect to the canonical path is off.
    enforce_paths = False


bench_urls = types.ModuleType("bench_urls")
bench_urls.urlpatterns = [
    path("bench/stock/category/<int:pk>/", StockCategoryListView.as_view()),
    path("bench/stock/product/<int:pk>/", StockDetailView.as_view()),
    # The site's own patterns at the top: i18n_patterns may not be include()d.
    *importlib.import_module("storefront.urls").urlpatterns,
]
sys.modules["bench_urls"] = bench_urls


def stock_templates():
    """Oscar's own templates: the project's template folder left out."""
    templates = copy.deepcopy(settings.TEMPLATES)
    for engine in templates:
        engine["DIRS"] = []
    return templates


# --- seeding ------------------------------------------------------------------------


def seed(count: int) -> None:
    started = time.monotonic()
    products = demo_products(count, today=local_today())
    print(f"seeding {count} products ({sum(len(p.records) for p in products)} certificates)…")
    run = apply_certificates(products, step=lambda n: None, batch_size=BATCH_SIZE)
    showrooms = create_showrooms(staff_password="ocop-staff", step=lambda n: None)
    pictures = {}  # one picture per group: the files differ, the bytes need not

    def picture(demo):
        if demo.group not in pictures:
            pictures[demo.group] = product_image(name=demo.group, group=demo.group)
        return pictures[demo.group]

    listing = list_products(products, showrooms, picture=picture, step=lambda n: None,
                            batch_size=BATCH_SIZE)
    print(
        f"  registry run #{run.pk}: {run.applied} applied, {run.unchanged} unchanged; "
        f"{listing.products_changed} listed, {listing.images_created} pictures "
        f"in {time.monotonic() - started:.0f} s"
    )


# --- measuring ----------------------------------------------------------------------


def measure(client: Client, pages: dict, *, requests: int, warmup: int, rounds: int = 5):
    """Median ms and query count per page; ``pages`` maps a name to (url, settings).

    The pages are timed in alternating rounds, so that load from other
    processes hits them alike. Switching template settings empties the
    template cache, so each round starts with one untimed request.
    """
    timings = {name: [] for name in pages}
    queries = {}
    for name, (url, settings_for) in pages.items():
        with settings_for():
            for _ in range(warmup):
                response = client.get(url)
                if response.status_code != 200:
                    raise SystemExit(f"{url} answered {response.status_code}")
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            queries[name] = len(captured)  # now: the next request resets the query log
    per_round = math.ceil(requests / rounds)
    for _ in range(rounds):
        for name, (url, settings_for) in pages.items():
            with settings_for():
                client.get(url)
                for _ in range(per_round):
                    started = time.perf_counter()
                    client.get(url)
                    timings[name].append((time.perf_counter() - started) * 1000)
    return {name: (statistics.median(timings[name]), queries[name]) for name in pages}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--group", default="food", help="the group whose list page is timed")
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument("--show-queries", action="store_true", help="print our pages' SQL")
    args = parser.parse_args()

    vendor = connection.vendor
    if vendor != "postgresql":
        print(f"warning: measuring on {vendor}; the targets are for PostgreSQL")
    name = str(settings.DATABASES["default"]["NAME"])
    if "bench" not in name:
        sys.exit(f"refusing to seed 20,000 demo products into {name!r}: "
                 "use a database whose name contains 'bench'")
    call_command("migrate", interactive=False, verbosity=0)
    if not args.skip_seed:
        with override_settings(EMAIL_BACKEND=QUIET_MAIL):  # demo addresses are not real
            seed(args.products)

    if vendor == "postgresql":
        # What autovacuum does after a bulk load: planner statistics, visibility map.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    category = Category.objects.get(code=args.group)
    in_group = Product.objects.filter(categories=category)
    print(
        f"{Product.objects.count()} products; group {args.group!r}: {in_group.count()} listed, "
        f"{Product.objects.browsable().filter(categories=category).count()} certified today"
    )
    client = Client()
    ours, stock = contextlib.nullcontext, lambda: override_settings(TEMPLATES=stock_templates())
    with override_settings(ROOT_URLCONF="bench_urls"):
        # The product page: the first product of our group page (the view's own query).
        product = Product.objects.get(pk=product_list(category=category)[0].pk)
        if args.show_queries:
            show_queries(client, [category.get_absolute_url(), product.get_absolute_url()])
        lists = measure(
            client,
            {"ours": (category.get_absolute_url(), ours),
             "stock": (f"/bench/stock/category/{category.pk}/", stock)},
            requests=args.requests, warmup=args.warmup,
        )
        details = measure(
            client,
            {"ours": (product.get_absolute_url(), ours),
             "stock": (f"/bench/stock/product/{product.pk}/", stock)},
            requests=args.requests, warmup=args.warmup,
        )
    rows = [
        (f"group list ({args.group}, 24/page)", lists["ours"], lists["stock"]),
        (f"product page ({product.code})", details["ours"], details["stock"]),
    ]
    print_table(rows, requests=args.requests, warmup=args.warmup)


def show_queries(client: Client, urls: list[str]) -> None:
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        print(f"\n{url}: {len(queries)} queries")
        for number, query in enumerate(queries, 1):
            print(f"  {number:2}. {query['sql'][:300]}")


def print_table(rows, *, requests: int, warmup: int) -> None:
    print(f"\nmedian of {requests} requests after {warmup} warm-ups, {connection.vendor}")
    header = ("page", "ours ms", "ours queries", "stock ms", "stock queries", "ratio")
    lines = [header] + [
        (name, f"{ours[0]:.1f}", str(ours[1]), f"{stock[0]:.1f}", str(stock[1]),
         f"{ours[0] / stock[0]:.2f}x")
        for name, ours, stock in rows
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for index, line in enumerate(lines):
        print(" | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))
        if index == 0:
            print("-+-".join("-" * width for width in widths))


if __name__ == "__main__":
    main()
