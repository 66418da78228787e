"""The newsroom's version row and the triggers that raise it on every write to what the newsroom
shows (releases/page_cache.py): statement-level on PostgreSQL, per row on SQLite."""

from django.db import migrations, models

SHOWN = [
    "pressroom_release",
    "pressroom_releasetranslation",
    "pressroom_asset",
    "pressroom_release_topics",
    "pressroom_enquirycontact",
    "pressroom_issuer",
    "pressroom_boilerplate",
    "pressroom_boilerplateversion",
    "pressroom_correction",
    "contacts_beat",
    "contacts_prcontact",
    "contacts_organisation",
]
BUMP = "UPDATE pressroom_newsroomversion SET version = version + 1 WHERE id = 1"


def triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    schema_editor.execute("INSERT INTO pressroom_newsroomversion (id, version) VALUES (1, 0)")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE FUNCTION pressroom_newsroom_changed() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {BUMP}; RETURN NULL; END $$"
        )
        for table in SHOWN:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_newsroom_changed AFTER INSERT OR UPDATE OR DELETE "
                f"OR TRUNCATE ON {table} FOR EACH STATEMENT "
                "EXECUTE FUNCTION pressroom_newsroom_changed()"
            )
        return
    for table in SHOWN:
        for event in ("INSERT", "UPDATE", "DELETE"):
            schema_editor.execute(
                f"CREATE TRIGGER {table}_newsroom_{event.lower()} AFTER {event} ON {table} "
                f"BEGIN {BUMP}; END"
            )


def no_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    for table in SHOWN:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_newsroom_changed ON {table}")
        else:
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_newsroom_{event}")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS pressroom_newsroom_changed()")


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0010_agency_sender"),
        ("pressroom", "0016_releasesearch"),
    ]

    operations = [
        migrations.CreateModel(
            name="NewsroomVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.BigIntegerField(default=0)),
            ],
            options={
                "verbose_name": "newsroom version",
                "verbose_name_plural": "newsroom versions",
            },
        ),
        migrations.RunPython(triggers, no_triggers),
    ]
