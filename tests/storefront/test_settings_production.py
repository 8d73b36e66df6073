"""With DJANGO_DEBUG=0 the project refuses development defaults and is deploy-clean
with the production environment documented in the README."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from storefront.production import DEVELOPMENT_SECRET_KEY, refuse_unsafe_production_settings

REPO = Path(__file__).resolve().parents[2]


def readme_production_env() -> dict[str, str]:
    """The ```env block of the README's "Production" section, placeholders filled in."""
    readme = (REPO / "README.md").read_text()
    section = readme.split("\n## Production\n", 1)[1]
    block = re.search(r"```env\n(.*?)```", section, re.S).group(1)
    env = {}
    for line in block.splitlines():
        name, _, value = line.partition("=")
        if name.strip():
            env[name.strip()] = value.strip()
    env["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    env["DATABASE_URL"] = re.sub(r"<[^>]+>", "secret", env["DATABASE_URL"])
    assert not any("<" in value for value in env.values()), env
    return env


def run(code_or_args, env_overrides: dict[str, str]):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "SITE_URL", "AXES_"))}
    env.update(env_overrides)
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_the_documented_production_environment():
    env = readme_production_env()
    assert env["DJANGO_DEBUG"] == "0"
    result = run(["manage.py", "check", "--deploy", "--fail-level", "DEBUG"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


SHOW_SETTINGS = """
import django, json
django.setup()
from django.conf import settings as s
print(json.dumps({name: getattr(s, name, None) for name in [
    "DEBUG", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER", "SITE_URL", "ALLOWED_HOSTS"]}))
"""


def production_settings(**overrides):
    env = {**readme_production_env(), "DJANGO_SETTINGS_MODULE": "storefront.settings",
           **overrides}
    result = run(SHOW_SETTINGS, env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_debug_off_turns_https_protections_on_and_each_can_be_turned_off():
    values = production_settings()
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["ALLOWED_HOSTS"] == ["ocop.example.vn"]

    relaxed = production_settings(
        DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_SESSION_COOKIE_SECURE="0",
        DJANGO_CSRF_COOKIE_SECURE="0", DJANGO_SECURE_HSTS_SECONDS="0",
        DJANGO_SECURE_PROXY_SSL_HEADER="0",
    )
    assert relaxed["SECURE_SSL_REDIRECT"] is False
    assert relaxed["SESSION_COOKIE_SECURE"] is False
    assert relaxed["CSRF_COOKIE_SECURE"] is False
    assert relaxed["SECURE_HSTS_SECONDS"] == 0
    assert relaxed["SECURE_PROXY_SSL_HEADER"] is None


def test_start_up_with_debug_off_and_the_development_key_fails_clearly():
    env = readme_production_env()
    del env["DJANGO_SECRET_KEY"]
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_DEBUG=0 but DJANGO_SECRET_KEY is the development key" in result.stderr


@pytest.mark.parametrize("hosts", ["*", "ocop.example.vn,*"])
def test_start_up_with_debug_off_and_any_host_fails_clearly(hosts):
    result = run(["manage.py", "check"], {**readme_production_env(), "DJANGO_ALLOWED_HOSTS": hosts})
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS is '*'" in result.stderr
    assert "set DJANGO_ALLOWED_HOSTS to the site's host names" in result.stderr


def test_the_guard_lets_development_settings_through_with_debug_on():
    refuse_unsafe_production_settings(
        debug=True, secret_key=DEVELOPMENT_SECRET_KEY, allowed_hosts=["*"]
    )
