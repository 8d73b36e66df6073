from django.db import migrations, models


class Migration(migrations.Migration):
    """Products carry a weight for delivery rates."""

    dependencies = [("catalogue", "0037_producer_slug")]

    operations = [
        migrations.AddField(
            model_name="product",
            name="weight_grams",
            field=models.PositiveIntegerField(
                blank=True, help_text="Packed weight in grams, for delivery rates.", null=True,
                verbose_name="weight (g)",
            ),
        ),
    ]
