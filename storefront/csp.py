"""Content-Security-Policy: one strict policy for the site, relaxations for staff screens.

The storefront's own pages load scripts and styles from our static files
only: no inline ``<script>``, no ``on…=`` handlers, no ``style=`` attributes
(``CONTENT_SECURITY_POLICY`` in settings). Django admin (5.2) needs nothing
more. Two staff screens we do not write ourselves still carry inline code:

- Oscar's dashboard (``/dashboard/``) writes its page set-up as an inline
  ``<script>`` in every template (``{% block onbodyload %}``) and uses
  ``style=`` attributes;
- Wagtail's admin (``/cms/``) has inline scripts in its date widgets and
  inline panels, a few inline styles, and frames our pages in its live
  preview.

Rewriting those third-party templates is not ours to do, so ``STAFF_CSP``
(path prefix → directives) replaces just those directives on just those
paths; every other directive stays as strict as the site's.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with ``STAFF_CSP[prefix]`` applied under ``prefix``."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        for prefix, directives in (getattr(settings, "STAFF_CSP", None) or {}).items():
            if request.path_info.startswith(prefix):
                # A view's own @csp_replace still wins.
                parts.replace = {**directives, **(parts.replace or {})}
                break
        return parts
