"""ocop/css/oscar.css is what `build_styles` makes of Oscar's stylesheet today.

A template that starts using a Bootstrap class needs the file rebuilt; this test
says so instead of a page that silently loses its styling. Needs Node.js and npm
(``.ci/run`` installs them).
"""

import shutil

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.skipif(shutil.which("npm") is None, reason="needs Node.js and npm")


def test_committed_subset_of_oscar_styles_is_up_to_date():
    call_command("build_styles", check=True)


def test_subset_keeps_what_the_pages_use_and_drops_the_rest():
    css = open("storefront/static/ocop/css/oscar.css", encoding="utf-8").read()
    for used in (".container", ".btn-primary", ".form-control", ".alert-danger",
                 ".badge-warning", ".col-md-4", ".sr-only"):
        assert used in css
    for unused in (".carousel", ".popover", ".modal", ".fa-", "@font-face"):
        assert unused not in css
