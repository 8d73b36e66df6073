"""Reads for the confirmation page and e-mail."""

from dataclasses import dataclass

from django.urls import reverse

from catalogue.links import absolute_url


@dataclass(frozen=True)
class ConfirmedLine:
    title: str
    quantity: int
    price: object
    partner_name: str
    certificate_no: str
    stars: int | None
    verify_url: str


def confirmation_lines(order, request=None) -> list[ConfirmedLine]:
    """Each line with the certificate it was sold under and the absolute link that
    verifies it (``SITE_URL`` when set). One query whatever the number of lines."""
    lines = order.lines.select_related("sold_under").order_by("pk")
    result = []
    for line in lines:
        sold = getattr(line, "sold_under", None)
        number = sold.certificate_no if sold else ""
        url = ""
        if number:
            path = reverse("certificate-verify", args=[number])
            url = absolute_url(request, path) if request is not None else _site_link(path)
        result.append(ConfirmedLine(
            title=line.title, quantity=line.quantity, price=line.line_price_incl_tax,
            partner_name=line.partner_name, certificate_no=number,
            stars=sold.stars if sold else None, verify_url=url,
        ))
    return result



def _site_link(path: str) -> str:
    """An absolute link without a request (e-mails): ``SITE_URL``, else the Site record."""
    from django.contrib.sites.models import Site

    from storefront.sites import configured_address, site_scheme

    address = configured_address()
    if address is not None:
        return f"{address.origin}{path}"
    return f"{site_scheme()}://{Site.objects.get_current().domain}{path}"
