from django.db import migrations


class Migration(migrations.Migration):
    """Certificates are the registry's: never deleted, by cascade or directly."""

    dependencies = [("catalogue", "0035_registry_authority")]

    operations = []
