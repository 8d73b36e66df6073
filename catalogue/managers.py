"""Query sets that carry the one sellability rule.

``ProductQuerySet.browsable()`` is Oscar's entry point for everything a
consumer sees; here it also demands a certificate valid today. Oscar's own
code (recently viewed, offers, alerts, wishlists) calls it too, so they are
gated without being touched.
"""

import datetime as dt

from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from oscar.apps.catalogue.managers import ProductQuerySet as OscarProductQuerySet

from .validity import local_today, valid_certificate_q


class CertificateQuerySet(models.QuerySet):
    def valid_on(self, on: dt.date | None = None):
        return self.filter(valid_certificate_q(on or local_today()))

    def shown_first(self):
        """The certificate whose stars are shown: latest issue date wins."""
        return self.order_by("-issued_on", "-pk")


class ProductQuerySet(OscarProductQuerySet):
    def _valid_certificates(self, on: dt.date | None):
        from .models import Certificate

        # A variant is certified through its parent.
        return Certificate.objects.valid_on(on).filter(
            product_id=Coalesce(OuterRef("parent_id"), OuterRef("pk"))
        )

    def certified(self, on: dt.date | None = None):
        """Products with at least one certificate valid on ``on`` (default: today)."""
        return self.filter(Exists(self._valid_certificates(on)))

    def with_certificate(self, on: dt.date | None = None):
        """Annotate the stars and id of the certificate shown for each product."""
        shown = self._valid_certificates(on).shown_first()
        return self.annotate(
            ocop_stars=Subquery(shown.values("stars")[:1]),
            ocop_certificate_id=Subquery(shown.values("pk")[:1]),
        )

    def listed(self):
        """Products offered here: public, and a variant only under a public parent."""
        return self.filter(Q(parent__isnull=True) | Q(parent__is_public=True), is_public=True)

    def sellable(self, on: dt.date | None = None):
        """Products (variants included) that may be sold: listed and certified
        (a variant through its parent, so both must be public and certified)."""
        return self.listed().certified(on)

    def browsable(self, on: dt.date | None = None):
        """What a consumer may see and buy: Oscar's rule plus a valid certificate."""
        return super().browsable().certified(on)

    def ever_certified(self):
        return self.filter(certificates__isnull=False).distinct()
