from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("checkout", "0001_initial"),
        ("order", "0021_billingaddress_code_shippingaddress_code"),
    ]

    operations = [
        migrations.CreateModel(
            name="SoldUnderCertificate",
            fields=[
                ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False,
                                        verbose_name="ID")),
                ("certificate_no", models.CharField(max_length=64,
                                                    verbose_name="certificate number")),
                ("stars", models.PositiveSmallIntegerField(verbose_name="stars")),
                ("line", models.OneToOneField(on_delete=models.deletion.CASCADE,
                                              related_name="sold_under", to="order.line")),
            ],
            options={
                "verbose_name": "certificate of a sold line",
                "verbose_name_plural": "certificates of sold lines",
            },
        ),
    ]
