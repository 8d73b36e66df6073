"""Oscar's catalogue, forked to carry OCOP producers and certificates.

Oscar's ``Product.code`` holds the registry's ``product_code`` and Oscar's
``Category.code`` holds the registry's group code (see ``groups.py``).
"""

from django.db import models
from django.db.models.deletion import ProtectedError
from django.db.models.signals import pre_delete
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.abstract_models import AbstractProduct

from .managers import CertificateQuerySet, ProductQuerySet
from .provinces import province_choices, province_name
from .stars import STAR_CHOICES
from .text import fold_text
from .validity import ACTIVE, REVOKED, SUSPENDED, certificate_state, local_today


class Producer(models.Model):
    """An OCOP subject (chủ thể OCOP): company, cooperative, group or household."""

    class Kind(models.TextChoices):
        COMPANY = "company", _("Công ty")
        COOPERATIVE = "cooperative", _("Hợp tác xã")
        COOPERATIVE_GROUP = "cooperative_group", _("Tổ hợp tác")
        HOUSEHOLD = "household", _("Hộ kinh doanh")

    registry_id = models.CharField(_("registry id"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    tax_code = models.CharField(_("tax code"), max_length=32, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    province_code = models.CharField(
        _("province"), max_length=2, choices=province_choices, blank=True
    )
    slug = models.SlugField(
        _("slug"), max_length=128, unique=True, help_text=_("Its page: /producers/<slug>/.")
    )

    class Meta:
        verbose_name = _("producer")
        verbose_name_plural = _("producers")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            from .producers import assign_slugs

            assign_slugs([self])
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("producer-detail", args=[self.slug])

    @property
    def province_name(self):
        return province_name(self.province_code)


class Product(AbstractProduct):
    producer = models.ForeignKey(
        Producer,
        verbose_name=_("producer"),
        related_name="products",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    province_code = models.CharField(
        _("province"),
        max_length=2,
        choices=province_choices,
        blank=True,
        db_index=True,
        help_text=_("Today's province (34 units since 1 July 2025)."),
    )

    search_text = models.TextField(
        _("search text"),
        blank=True,
        editable=False,
        help_text=_("Title, producer and province folded to ASCII lower case."),
    )
    weight_grams = models.PositiveIntegerField(
        _("weight (g)"), null=True, blank=True,
        help_text=_("Packed weight in grams, for delivery rates."),
    )

    objects = ProductQuerySet.as_manager()

    def save(self, *args, **kwargs):
        self.search_text = fold_text(
            " ".join(
                filter(None, [self.title, self.producer.name if self.producer else "",
                              province_name(self.province_code) if self.province_code else ""])
            )
        )
        super().save(*args, **kwargs)

    @property
    def product_code(self):
        return self.code

    @property
    def province_name(self):
        return province_name(self.province_code)


class Certificate(models.Model):
    """An OCOP star certificate, mirrored from the registry."""

    class Level(models.TextChoices):
        PROVINCIAL = "provincial", _("Cấp tỉnh")
        NATIONAL = "national", _("Cấp quốc gia")

    class Status(models.TextChoices):
        ACTIVE = ACTIVE, _("Còn hiệu lực")
        SUSPENDED = SUSPENDED, _("Tạm dừng")
        REVOKED = REVOKED, _("Đã thu hồi")

    certificate_no = models.CharField(_("certificate number"), max_length=64, unique=True)
    # PROTECT: a product with a certificate cannot be deleted (the certificate is
    # the registry's, and /verify/<no>/ must keep answering for it).
    product = models.ForeignKey(
        Product, related_name="certificates", on_delete=models.PROTECT
    )
    stars = models.PositiveSmallIntegerField(
        _("stars"), choices=STAR_CHOICES
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=ACTIVE
    )
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"))
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.TextField(_("revocation reason"), blank=True)
    decision_no = models.CharField(_("decision number"), max_length=128, blank=True)
    issuer = models.CharField(_("issuer"), max_length=255, blank=True)
    issuing_province_code = models.CharField(
        _("province code as issued"),
        max_length=2,
        blank=True,
        help_text=_("The GSO code on the certificate, possibly of a former province."),
    )
    registry_updated_at = models.DateTimeField(
        _("registry updated at"),
        null=True,
        blank=True,
        help_text=_(
            "updated_at of the newest registry record applied (feed or webhook); "
            "empty while only spreadsheets or demo data have written it."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("OCOP certificate")
        verbose_name_plural = _("OCOP certificates")
        ordering = ["-issued_on", "-pk"]
        indexes = [
            models.Index(
                fields=["product", "status", "issued_on", "expires_on"],
                name="cert_validity_idx",
            ),
            models.Index(fields=["expires_on"], name="cert_expiry_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stars__gte=3, stars__lte=5), name="cert_stars_3_to_5"
            ),
            models.CheckConstraint(
                condition=models.Q(expires_on__gt=models.F("issued_on")),
                name="cert_expires_after_issue",
            ),
        ]

    def __str__(self):
        return self.certificate_no

    def get_absolute_url(self):
        return reverse("certificate-verify", args=[self.certificate_no])

    def state(self, on=None) -> str:
        return certificate_state(self, on or local_today())

    @property
    def is_valid_now(self) -> bool:
        return self.state() == ACTIVE

    def delete(self, *args, **kwargs):
        raise CertificateDeletionError([self])


from oscar.apps.catalogue.models import *  # noqa: E402,F401,F403

from .sync_models import *  # noqa: E402,F401,F403
from .sync_models import CertificateChange  # noqa: E402


class CertificateDeletionError(ProtectedError):
    """Certificates and their history are the registry's record: never deleted.
    (A revoked or expired certificate stays, with its status, so that its
    verify page keeps telling the truth.)"""

    def __init__(self, objects=()):
        super().__init__(
            "Chứng nhận OCOP và lịch sử của chứng nhận không bao giờ bị xóa; "
            "hãy cập nhật trạng thái (thu hồi, tạm dừng) qua nguồn dữ liệu của cơ quan cấp.",
            set(objects),
        )


def refuse_certificate_delete(sender, instance, **kwargs):
    # Sent for Model.delete() and QuerySet.delete() alike (a receiver turns off
    # Django's fast delete); raw SQL meets the database trigger (migration 0036).
    raise CertificateDeletionError([instance])


pre_delete.connect(refuse_certificate_delete, sender=Certificate,
                   dispatch_uid="catalogue.certificate_never_deleted")
pre_delete.connect(refuse_certificate_delete, sender=CertificateChange,
                   dispatch_uid="catalogue.certificate_change_never_deleted")
