"""When each contact's legal basis was recorded; for the contacts already there, when they were
added (their basis has not changed since: nothing could change it apart from the admin form)."""

from django.db import migrations, models
from django.db.models import F


def from_created(apps, schema_editor):  # type: ignore[no-untyped-def]
    contacts = apps.get_model("contacts", "MediaContact")
    contacts.objects.filter(basis_recorded_at__isnull=True).update(
        basis_recorded_at=F("created_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0008_list_requires_a_basis"),
    ]

    operations = [
        migrations.AddField(
            model_name="mediacontact",
            name="basis_recorded_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the legal basis was last recorded or changed.",
                null=True,
                verbose_name="basis recorded at",
            ),
        ),
        migrations.RunPython(from_created, migrations.RunPython.noop),
    ]
