from django.utils.translation import gettext_lazy as _
from oscar.apps.partner.availability import Unavailable


class NotCertified(Unavailable):
    """A product without a valid OCOP certificate cannot be bought."""

    code = "not-certified"
    message = _("Không còn chứng nhận OCOP hợp lệ")

    def is_purchase_permitted(self, quantity):
        return False, _("Sản phẩm không còn chứng nhận OCOP hợp lệ")
