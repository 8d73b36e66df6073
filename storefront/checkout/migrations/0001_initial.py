from django.conf import settings
from django.db import migrations, models


def add_vietnam(apps, schema_editor):
    """The one shipping country: checkout fixes every address to Việt Nam."""
    Country = apps.get_model("address", "Country")
    Country.objects.update_or_create(
        iso_3166_1_a2="VN",
        defaults={
            "iso_3166_1_a3": "VNM",
            "iso_3166_1_numeric": "704",
            "printable_name": "Việt Nam",
            "name": "Cộng hòa Xã hội Chủ nghĩa Việt Nam",
            "is_shipping_country": True,
            "display_order": 1,
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("address", "0007_useraddress_code"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(add_vietnam, migrations.RunPython.noop),
        migrations.CreateModel(
            name="PersonalDataConsent",
            fields=[
                ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False,
                                        verbose_name="ID")),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="email")),
                ("version", models.CharField(max_length=16, verbose_name="notice version")),
                ("purposes", models.CharField(max_length=255, verbose_name="purposes")),
                ("given_at", models.DateTimeField(auto_now_add=True, verbose_name="given at")),
                ("order_number", models.CharField(blank=True, db_index=True, max_length=128,
                                                  verbose_name="order number")),
                ("user", models.ForeignKey(blank=True, null=True,
                                           on_delete=models.deletion.SET_NULL,
                                           related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "verbose_name": "personal-data consent",
                "verbose_name_plural": "personal-data consents",
            },
        ),
    ]
