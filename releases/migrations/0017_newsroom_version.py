"""The newsroom's version row and the triggers that raise it on every write to what the newsroom
shows (releases/page_cache.py).

PostgreSQL: deferred constraint triggers, so the row is raised once per transaction, at its
commit. An immediate trigger would hold the row's lock from a transaction's first write to a
release until its commit, and two sending workers, each holding deliveries the other wants,
could wait on each other through it; at commit a transaction holds everything it will take
already. Raising at commit also means no page is cached under the new number with the data
from before the write. SQLite has one writer at a time: plain triggers."""

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
    "contacts_prcontact",
]
BUMP = "UPDATE pressroom_newsroomversion SET version = version + 1 WHERE id = 1"


def triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    schema_editor.execute("INSERT INTO pressroom_newsroomversion (id, version) VALUES (1, 0)")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE FUNCTION pressroom_newsroom_changed() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN "
            "IF current_setting('pressroom.newsroom_changed', true) IS DISTINCT FROM "
            "txid_current()::text THEN "
            f"{BUMP}; "
            "PERFORM set_config('pressroom.newsroom_changed', txid_current()::text, true); "
            "END IF; RETURN NULL; END $$"
        )
        for table in SHOWN:
            schema_editor.execute(
                f"CREATE CONSTRAINT TRIGGER {table}_newsroom_changed "
                f"AFTER INSERT OR UPDATE OR DELETE ON {table} "
                "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
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
