"""``/dashboard/orders/recalls/``: revoked certificates, the orders they concern and
whether each buyer was told (``storefront.recalls``).

Showroom staff see the orders holding their own lines only (``shops.scoping``).
Ten certificates a page; four queries for the page whatever the number of orders
(certificates, their count, the lines of the page's products, the notices).
"""

from django.db.models import Exists, OuterRef, Q, Sum
from django.views.generic import ListView
from oscar.core.loading import get_model

from catalogue.models import Certificate
from shops import scoping
from storefront.checkout import statuses
from storefront.recalls.models import RecallNotice
from storefront.recalls.selectors import window

Source = get_model("payment", "Source")
SHOWN_ORDERS = 50  # per certificate; the rest are counted


class RecallListView(ListView):
    template_name = "recalls/dashboard/recall_list.html"
    context_object_name = "certificates"
    paginate_by = 10

    def get_queryset(self):
        return (Certificate.objects.filter(status=Certificate.Status.REVOKED)
                .select_related("product").order_by("-revoked_on", "-pk"))

    def paginate_queryset(self, queryset, page_size):
        # A page number out of range shows the last page rather than a 404.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        certificates = list(ctx["certificates"])
        ctx["rows"] = self.rows(certificates)
        ctx["head_office"] = scoping.is_head_office(self.request.user)
        return ctx

    def rows(self, certificates):
        if not certificates:
            return []
        concerned = Q()
        for c in certificates:
            start, end = window(c)
            concerned |= (Q(product_id=c.product_id) | Q(product__parent_id=c.product_id)) & Q(
                order__date_placed__gte=start, order__date_placed__lt=end)
        paid = (Source.objects.filter(order_id=OuterRef("order_id")).values("order_id")
                .annotate(s=Sum("amount_debited")).filter(s__gt=0))
        lines = (scoping.staff_order_lines(self.request.user).filter(concerned)
                 .exclude(order__status=statuses.PENDING_PAYMENT)
                 .exclude(Q(order__status=statuses.CANCELLED) & ~Exists(paid))
                 .select_related("order__user", "product")
                 .order_by("-order__date_placed", "order_id", "pk"))
        by_product: dict[int, dict] = {c.product_id: {} for c in certificates}
        windows = {c.pk: window(c) for c in certificates}
        emails = set()
        for line in lines:
            owner = line.product.parent_id or line.product_id if line.product else None
            orders = by_product.get(owner)
            if orders is None:
                continue
            orders.setdefault(line.order_id, line.order)
            emails.add((line.order.email or "").lower())
        notices = {(n.certificate_no, n.email): n for n in RecallNotice.objects.filter(
            certificate_no__in=[c.certificate_no for c in certificates], email__in=emails)}
        rows = []
        for c in certificates:
            start, end = windows[c.pk]
            orders = [o for o in by_product[c.product_id].values()
                      if start <= o.date_placed < end]
            shown = []
            for order in orders[:SHOWN_ORDERS]:
                email = (order.email or "").lower()
                shown.append({"order": order, "email": email,
                              "notice": notices.get((c.certificate_no, email))})
            rows.append({"certificate": c, "orders": shown,
                         "more": max(0, len(orders) - SHOWN_ORDERS)})
        return rows
