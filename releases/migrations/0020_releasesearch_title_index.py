"""The headlines' own search vector GIN-indexed (PostgreSQL only), so a search finds the releases
whose headline matches whatever their age, before the newest of those matching in the text."""

from django.db import migrations

INDEX = "pressroom_releasesearch_title_gin"


def create_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX {INDEX} ON pressroom_releasesearch USING gin (title)")


def drop_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("pressroom", "0019_asset_licence_credit_alt"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
