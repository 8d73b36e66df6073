"""The required "Ngày tham quan" (date) product Option, on the experiences class when
that class already exists (a new database gets it from
``catalogue.product_classes.product_class_for_group`` when the class is created)."""

from django.db import migrations

CODE = "ngay-tham-quan"
EXPERIENCES = "trai-nghiem-du-lich"


def add_option(apps, schema_editor):
    Option = apps.get_model("catalogue", "Option")
    ProductClass = apps.get_model("catalogue", "ProductClass")
    option, _ = Option.objects.get_or_create(code=CODE, defaults={
        "name": "Ngày tham quan", "type": "date", "required": True, "order": 1,
        "help_text": "Ngày bạn đến trải nghiệm. Phiếu chỉ dùng được đúng ngày này.",
    })
    for product_class in ProductClass.objects.filter(slug=EXPERIENCES):
        product_class.options.add(option)


def remove_option(apps, schema_editor):
    Option = apps.get_model("catalogue", "Option")
    ProductClass = apps.get_model("catalogue", "ProductClass")
    for product_class in ProductClass.objects.filter(slug=EXPERIENCES):
        product_class.options.remove(*Option.objects.filter(code=CODE))


class Migration(migrations.Migration):
    dependencies = [
        ("tourism", "0001_initial"),
        ("catalogue", "0038_product_weight"),
    ]

    operations = [migrations.RunPython(add_option, remove_option)]
