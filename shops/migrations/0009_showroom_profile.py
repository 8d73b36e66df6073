from django.db import migrations


class Migration(migrations.Migration):
    """Showroom data: structured address, opening hours, contact, photo, active flag."""

    dependencies = [("partner", "0008_partner_address_partner_is_showroom_partner_latitude_and_more")]

    operations = []
