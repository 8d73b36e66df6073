from django.db import migrations


class Migration(migrations.Migration):
    """Products carry a weight for delivery rates."""

    dependencies = [("catalogue", "0037_producer_slug")]

    operations = []
