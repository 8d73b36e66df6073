#!/usr/bin/env python
"""Front-end benchmark: what a browser downloads per page type, and how fast it loads.

Run by hand (not part of the test suite):

    python benchmarks/frontend.py                 # builds a demo database first (~2 min)
    DATABASE_URL=sqlite:////tmp/demo.sqlite3 python benchmarks/frontend.py --no-demo

It runs ``collectstatic`` under production settings (DEBUG off: WhiteNoise's
hashed, compressed files), serves the site with gunicorn on 127.0.0.1, and opens
each page type in headless Chromium (Debian's ``/usr/bin/chromium``) twice: cold
(a new browser context) and warm (the same context again). For each it prints
requests, bytes transferred (as encoded on the wire) next to the same files
uncompressed — the baseline, what the site sent before compression — and the
time to the load event. Images are counted apart.

The issue that set the goals measured the product page at 612 KB and the home
page at 836 KB before this work.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.frontend.production_server import (  # noqa: E402
    BASE_DIR,
    collectstatic,
    gunicorn,
    production_env,
)


def demo_database(env: dict) -> None:
    import subprocess

    subprocess.run([sys.executable, "manage.py", "bootstrap_demo"], cwd=BASE_DIR, env=env,
                   check=True, stdout=subprocess.DEVNULL)


def page_types(page, base: str) -> dict[str, str]:
    """One address per page type, found by following the demo's own links."""
    page.goto(base + "/")

    def first(selector, url=None):
        if url:
            page.goto(base + url)
        return page.locator(selector).first.get_attribute("href")

    pages = {"home": "/"}
    pages["group"] = first(".groupnav a.nav-link")
    pages["product"] = first(".product-card h3 a", pages["group"])
    pages["search"] = "/search/?q=che"
    pages["showrooms"] = "/showrooms/"
    pages["showroom"] = first("main .card a[href^='/showrooms/']", "/showrooms/")
    pages["map"] = "/ban-do-ocop/"
    pages["producer"] = first("main a[href*='/producers/']", pages["product"])
    pages["verify"] = first("main a[href*='/verify/']", pages["product"])
    pages["login"] = "/accounts/login/"
    return {name: path.replace(base, "") for name, path in pages.items() if path}



def measure(context, url: str) -> dict:
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url)
    page.wait_for_load_state("load")
    load_ms = page.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " return n.loadEventEnd - n.startTime; }")
    figures = {"requests": 0, "sent": 0, "raw": 0, "images": 0, "load_ms": load_ms}
    for response in responses:
        try:
            sizes = response.request.sizes()
            raw = len(response.body())
        except Exception:  # redirects and aborted requests carry no body
            continue
        sent = max(sizes["responseBodySize"], 0)  # -1: served from the browser's cache
        if response.request.resource_type == "image":
            figures["images"] += sent
            continue
        figures["requests"] += 1
        figures["sent"] += sent
        figures["raw"] += raw
    page.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-demo", action="store_true",
                        help="use DATABASE_URL as it is (it must hold the demo data)")
    parser.add_argument("--repeat", type=int, default=3, help="cold loads per page (median)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="ocop-frontend-"))
    extra = {}
    if not args.no_demo:
        extra["DATABASE_URL"] = f"sqlite:///{work / 'demo.sqlite3'}"
        extra["MEDIA_ROOT"] = str(work / "media")
    env = production_env(work / "static", **extra)
    if not args.no_demo:
        print("building the demo database…", flush=True)
        demo_database(dict(env, DJANGO_DEBUG="1"))
    collectstatic(env)

    with gunicorn(env, workers=2) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox"])
        finder = browser.new_context(locale="vi-VN")
        pages = page_types(finder.new_page(), base)
        finder.close()
        print(f"\n{'page':<10} {'requests':>8} {'sent KB':>8} {'raw KB':>8} {'images KB':>9} "
              f"{'load ms':>8} {'warm KB':>8}")
        for name, path in pages.items():
            cold = []
            for __ in range(args.repeat):
                context = browser.new_context(locale="vi-VN", viewport={"width": 1366,
                                                                         "height": 900})
                cold.append(measure(context, base + path))
                warm = measure(context, base + path)
                context.close()
            median = cold[len(cold) // 2]
            print(f"{name:<10} {median['requests']:>8} {median['sent'] / 1024:>8.1f} "
                  f"{median['raw'] / 1024:>8.1f} {median['images'] / 1024:>9.1f} "
                  f"{statistics.median(c['load_ms'] for c in cold):>8.0f} "
                  f"{warm['sent'] / 1024:>8.1f}")
        browser.close()
    print("\nsent = bytes on the wire (Brotli/gzip for static files; HTML as rendered); "
          "raw = the same files uncompressed (the baseline before compression); images "
          "apart: product photos as the app's WebP renditions (catalogue/renditions.py). "
          "Warm KB: the same page again in the same browser (immutable static files "
          "come from its cache).")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storefront.settings")
    started = time.perf_counter()
    main()
    print(f"({time.perf_counter() - started:.0f} s)")
