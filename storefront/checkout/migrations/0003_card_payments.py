from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("checkout", "0002_soldundercertificate"),
        ("order", "0021_billingaddress_code_shippingaddress_code"),
    ]

    operations = [
        migrations.CreateModel(
            name="StripeEvent",
            fields=[
                ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False,
                                        verbose_name="ID")),
                ("event_id", models.CharField(max_length=255, unique=True)),
                ("type", models.CharField(max_length=64)),
                ("intent_id", models.CharField(blank=True, db_index=True, max_length=255)),
                ("received_at", models.DateTimeField(auto_now_add=True)),
                ("outcome", models.CharField(blank=True, max_length=255)),
            ],
        ),
        migrations.CreateModel(
            name="CardPayment",
            fields=[
                ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False,
                                        verbose_name="ID")),
                ("attempt", models.PositiveSmallIntegerField(default=1)),
                ("intent_id", models.CharField(blank=True, db_index=True, max_length=255)),
                ("client_secret", models.CharField(blank=True, max_length=255)),
                ("amount", models.PositiveBigIntegerField(
                    help_text="VND, zero-decimal as Stripe counts it")),
                ("currency", models.CharField(default="vnd", max_length=3)),
                ("state", models.CharField(choices=[
                    ("created", "đã tạo"), ("succeeded", "thành công"), ("failed", "thất bại"),
                    ("refunded", "đã hoàn tiền"), ("held", "tạm giữ")],
                    default="created", max_length=16)),
                ("failure", models.CharField(blank=True, max_length=255)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("order", models.ForeignKey(on_delete=models.deletion.PROTECT,
                                            related_name="card_payments", to="order.order")),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("order", "attempt"),
                                                        name="card_payment_attempt_once")],
            },
        ),
    ]
