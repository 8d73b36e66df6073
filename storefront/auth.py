"""Login throttling (django-axes) for every login form: Oscar's, the dashboard's
(the same form), Django admin's and Wagtail's.

Failed attempts are counted per login name and client address; past
``AXES_FAILURE_LIMIT`` the pair is refused, even with the right password,
until ``AXES_COOLOFF_TIME`` has passed, and the visitor sees ``lockout.html``.
"""

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import get_user_model
from django.shortcuts import render


class ThrottledLoginBackend(AxesStandaloneBackend):
    """Axes' gatekeeper, first in AUTHENTICATION_BACKENDS.

    Every login form passes the request to ``authenticate``. A call without
    one (a shell, a script, ``Client.login`` in tests) has no client to
    throttle, so it is let through to the real backends instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def login_name(request, credentials=None) -> str:
    """The name counted for throttling, one per account however it logs in.

    Oscar's form logs in by e-mail (in any letter case), Django admin's and
    Wagtail's by user name, and a successful login reports the user name:
    an e-mail address of exactly one account counts as that account's name.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        name = credentials.get(field)
    else:
        data = getattr(request, "data", request.POST)
        name = data.get(field) or data.get(f"login-{field}")
    name = (name or "").strip()
    if "@" in name:
        User = get_user_model()
        owners = list(
            User._default_manager.filter(email__iexact=name)
            .values_list(User.USERNAME_FIELD, flat=True)[:2]
        )
        if len(owners) == 1:
            name = owners[0]
    return name.lower()


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or behind ``DJANGO_PROXY_COUNT`` trusted
    proxies the address the outermost of them saw (from X-Forwarded-For)."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    # Each proxy appends the address it received from: the client's is
    # ``count`` places from the end; anything before it may be forged.
    return forwarded[-count] if len(forwarded) >= count else remote


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of the login form while a login is locked (HTTP 429)."""
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else None
    context = {"cooloff_minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "storefront/lockout.html", context, status=429)
