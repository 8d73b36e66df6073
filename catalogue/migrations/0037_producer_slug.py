from django.db import migrations


class Migration(migrations.Migration):
    """Producer pages: a slug per producer."""

    dependencies = [("catalogue", "0036_protect_certificates")]

    operations = []
