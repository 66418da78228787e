"""The newsroom's search index (releases/search.py): a row per release, GIN-indexed on
PostgreSQL and filled from the releases already there; on SQLite an unused table (the newsroom
searches the text itself there)."""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models


def index_and_fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX pressroom_releasesearch_document_gin "
        "ON pressroom_releasesearch USING gin (document)"
    )
    from releases.search import search_index_rebuild  # the text as the code reads it today

    search_index_rebuild()


def drop_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS pressroom_releasesearch_document_gin")


class Migration(migrations.Migration):
    dependencies = [
        ("pressroom", "0015_issuer_agency_sends_in_own_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReleaseSearch",
            fields=[
                (
                    "release",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search",
                        serialize=False,
                        to="pressroom.release",
                        verbose_name="release",
                    ),
                ),
                ("title", django.contrib.postgres.search.SearchVectorField(null=True)),
                ("document", django.contrib.postgres.search.SearchVectorField(null=True)),
            ],
            options={
                "verbose_name": "search entry",
                "verbose_name_plural": "search entries",
            },
        ),
        migrations.RunPython(index_and_fill, drop_index),
    ]
