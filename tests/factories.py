"""Factories for tests. Certificates default to valid today."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from catalogue.models import Certificate, Producer, Product, ProductClass
from catalogue.services import ensure_group_categories
from catalogue.validity import local_today
from shops.models import Partner, StockRecord


class ProducerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Producer
        django_get_or_create = ("registry_id",)

    registry_id = factory.Sequence(lambda n: f"P-22-{n:04d}")
    name = factory.Sequence(lambda n: f"Hợp tác xã Yến Dương {n}")
    tax_code = factory.Sequence(lambda n: f"57{n:08d}")
    kind = Producer.Kind.COOPERATIVE
    province_code = "22"


class ProductClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductClass
        django_get_or_create = ("slug",)

    name = "Sản phẩm OCOP"
    slug = "san-pham-ocop"
    requires_shipping = True
    track_stock = True


class ProductFactory(factory.django.DjangoModelFactory):
    """A public standalone product in a group, with stock at a showroom."""

    class Meta:
        model = Product
        skip_postgeneration_save = True

    structure = Product.STANDALONE
    title = factory.Sequence(lambda n: f"Chả mực Hạ Long {n}")
    code = factory.Sequence(lambda n: f"QN-SP-{n:05d}")
    product_class = factory.SubFactory(ProductClassFactory)
    producer = factory.SubFactory(ProducerFactory)
    province_code = "22"
    is_public = True

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create:
            self.categories.add(ensure_group_categories()[extracted or "food"])

    @factory.post_generation
    def stock(self, create, extracted, **kwargs):
        if create and extracted is not False:
            StockRecordFactory(product=self, **({} if extracted in (None, True) else extracted))


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Điểm bán OCOP Hạ Long {n}")
    slug = factory.Sequence(lambda n: f"ocop-ha-long-{n}")
    province_code = "22"
    address = "Số 1 Đường Trần Hưng Đạo, Hạ Long"
    opening_hours = "08:00–21:00"
    is_showroom = True


class StockRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StockRecord

    product = factory.SubFactory(ProductFactory)
    partner = factory.SubFactory(PartnerFactory)
    partner_sku = factory.Sequence(lambda n: f"SKU-{n:06d}")
    price = Decimal("125000")
    price_currency = "VND"
    num_in_stock = 20


class CertificateFactory(factory.django.DjangoModelFactory):
    """A 4-star provincial certificate valid today (issued a year ago)."""

    class Meta:
        model = Certificate

    certificate_no = factory.Sequence(lambda n: f"QN-2025-{n:04d}")
    product = factory.SubFactory(ProductFactory)
    stars = 4
    level = Certificate.Level.PROVINCIAL
    status = Certificate.Status.ACTIVE
    issued_on = factory.LazyFunction(lambda: local_today() - dt.timedelta(days=365))
    expires_on = factory.LazyAttribute(lambda c: c.issued_on + dt.timedelta(days=3 * 365))
    decision_no = factory.Sequence(lambda n: f"{n}/QĐ-UBND")
    issuer = "UBND tỉnh Quảng Ninh"
    issuing_province_code = "22"
    registry_updated_at = factory.LazyFunction(timezone.now)
