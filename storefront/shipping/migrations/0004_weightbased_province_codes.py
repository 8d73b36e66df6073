from decimal import Decimal

from django.db import migrations, models

# A nationwide home-delivery card so that a new shop can deliver at once;
# staff change the bands in the dashboard and add provincial cards in admin.
BANDS = [("1", "30000"), ("3", "45000"), ("5", "60000"), ("10", "90000"), ("20", "150000")]


def nationwide_card(apps, schema_editor):
    WeightBased = apps.get_model("shipping", "WeightBased")
    if WeightBased.objects.exists():
        return
    card = WeightBased.objects.create(
        code="giao-hang-tan-noi", name="Giao hàng tận nơi",
        description="Giao đến địa chỉ của bạn trong 2–5 ngày làm việc.",
        default_weight=Decimal("0.5"),
    )
    for limit, charge in BANDS:
        card.bands.create(upper_limit=Decimal(limit), charge=Decimal(charge))


class Migration(migrations.Migration):
    dependencies = [("shipping", "0003_auto_20181115_1953")]

    operations = [
        migrations.AddField(
            model_name="weightbased",
            name="province_codes",
            field=models.CharField(
                blank=True, max_length=255, verbose_name="provinces",
                help_text="Mã tỉnh/thành phố (GSO), cách nhau bằng dấu phẩy; để trống: mọi tỉnh khác.",
            ),
        ),
        migrations.RunPython(nationwide_card, migrations.RunPython.noop),
    ]
