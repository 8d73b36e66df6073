from django.db import migrations


class Migration(migrations.Migration):
    """The stock ledger: movements and reservations."""

    dependencies = [("partner", "0009_showroom_profile")]

    operations = []
