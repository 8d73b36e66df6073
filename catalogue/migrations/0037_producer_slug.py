import hashlib

from django.db import migrations, models
from django.utils.text import slugify


def fill_slugs(apps, schema_editor):
    """Every stored producer gets its slug: folded name + registry id, as
    ``catalogue.producers.producer_slug`` makes them (kept here as it was)."""
    from anyascii import anyascii

    Producer = apps.get_model("catalogue", "Producer")
    taken = set()
    changed = []
    for producer in Producer.objects.order_by("registry_id").only("pk", "name", "registry_id"):
        tail = slugify(anyascii(producer.registry_id).lower())[:40] or "chu-the"
        head = slugify(anyascii(producer.name).lower())[: 120 - len(tail) - 10].strip("-")
        slug = f"{head}-{tail}" if head else tail
        if slug in taken:
            digest = hashlib.sha1(producer.registry_id.encode()).hexdigest()[:8]
            slug = f"{slug[:111]}-{digest}"
        taken.add(slug)
        producer.slug = slug
        changed.append(producer)
    Producer.objects.bulk_update(changed, ["slug"], batch_size=1000)


class Migration(migrations.Migration):
    """Producer pages: a slug per producer."""

    dependencies = [("catalogue", "0036_protect_certificates")]

    operations = [
        migrations.AddField(
            model_name="producer",
            name="slug",
            field=models.SlugField(
                max_length=128, null=True, db_index=False, verbose_name="slug"
            ),
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="producer",
            name="slug",
            field=models.SlugField(
                help_text="Its page: /producers/<slug>/.",
                max_length=128,
                unique=True,
                verbose_name="slug",
            ),
        ),
    ]
