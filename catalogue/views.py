from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views import View
from django.views.decorators.http import require_safe
from oscar.apps.catalogue.views import ProductDetailView as OscarProductDetailView

from . import renditions
from .links import absolute_url
from .models import Certificate, Product
from .qr import qr_svg
from .selectors import (
    GONE,
    NOT_FOUND,
    certificate_verdict,
    product_for_page,
    related_certified,
)


class ProductDetailView(OscarProductDetailView):
    """Oscar's product page, shown only while the product is certified.

    A product that was certified but no longer is answers 410 with the reason;
    one that never was (or is not listed) answers 404.
    """

    def get_queryset(self):
        return Product.objects.sellable().with_certificate()

    def get(self, request, *args, **kwargs):
        self.page = page = product_for_page(kwargs["pk"])
        if page.status == NOT_FOUND:
            raise Http404
        self.object = page.product  # Oscar's get_object() reuses it
        if page.status == GONE:
            context = {
                "product": page.product,
                "certificate": page.certificate,
                "verdict": page.verdict,
                "related_products": related_certified(page.product),
            }
            return render(request, "catalogue/product_gone.html", context, status=410)
        return super().get(request, *args, **kwargs)

    def is_viewable(self, product, request):
        # The certificate rule has already been checked; staff get no exception.
        return True

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        certificate = self.page.certificate
        ctx["certificate"] = certificate
        if certificate is not None:
            verify_url = absolute_url(self.request, certificate.get_absolute_url())
            ctx["verify_url"] = verify_url
            ctx["verify_qr"] = mark_safe(qr_svg(verify_url))  # generated SVG, no user input
        return ctx


class CertificateVerifyView(View):
    """What a traceability stamp's QR code opens: is this certificate valid now?

    HTML by default; JSON when the client asks for ``application/json``.
    """

    def get(self, request, certificate_no):
        certificate = (
            Certificate.objects.select_related("product", "product__producer")
            .filter(certificate_no=certificate_no)
            .first()
        )
        wants_json = request.accepts("application/json") and not request.accepts("text/html")
        if certificate is None:
            if wants_json:
                payload = {"certificate_no": certificate_no, "valid": False, "status": "unknown"}
                return JsonResponse(payload, status=404)
            context = {"certificate_no": certificate_no}
            return render(request, "catalogue/certificate_unknown.html", context, status=404)

        verdict = certificate_verdict(certificate)
        product = certificate.product
        product_url = None
        if Product.objects.browsable().filter(pk=product.pk).exists():
            product_url = absolute_url(request, product.get_absolute_url())
        if wants_json:
            return JsonResponse(
                {
                    "certificate_no": certificate.certificate_no,
                    "valid": verdict.valid,
                    "status": verdict.status,
                    "reason": verdict.reason,
                    "stars": certificate.stars,
                    "level": certificate.level,
                    "product_name": product.title,
                    "producer_name": product.producer.name if product.producer else None,
                    "issued_on": certificate.issued_on.isoformat(),
                    "expires_on": certificate.expires_on.isoformat(),
                    "product_url": product_url,
                },
                json_dumps_params={"ensure_ascii": False},
            )
        context = {
            "certificate": certificate,
            "verdict": verdict,
            "product": product,
            "product_url": product_url,
        }
        return render(request, "catalogue/certificate_verify.html", context)


@require_safe
def image_rendition(request, width: int, name: str):
    """A product photo at one of ``renditions.WIDTHS`` (see catalogue/renditions.py)."""
    data = renditions.rendition(name, width)
    if data is None:
        raise Http404("No such product photo")
    response = HttpResponse(data, content_type="image/webp")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
