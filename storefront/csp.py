"""Content-Security-Policy: one strict policy for the site, a relaxed one for staff screens.

The storefront's own pages load scripts and styles from our static files
only: no inline ``<script>``, no ``on…=`` handlers, no ``style=`` attributes
(``CONTENT_SECURITY_POLICY`` in settings). The staff screens we do not write
ourselves still carry inline code: Oscar's dashboard builds its page set-up
as an inline ``<script>`` (``{% block onbodyload %}`` in every dashboard
template) and Wagtail's admin and Django admin set inline styles (and
Wagtail some inline scripts). Rewriting those third-party templates is not
ours to do, so ``STAFF_CSP`` replaces the directives they need on their
path prefixes only; every other directive stays as strict as the site's.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with ``STAFF_CSP["REPLACE"]`` under its path prefixes."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        staff = getattr(settings, "STAFF_CSP", None) or {}
        prefixes = tuple(staff.get("PATH_PREFIXES", ()))
        if not report_only and prefixes and request.path_info.startswith(prefixes):
            parts.replace = {**staff.get("REPLACE", {}), **(parts.replace or {})}
        return parts
