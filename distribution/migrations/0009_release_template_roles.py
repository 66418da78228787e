"""The roles' permissions on release templates and boilerplate versions: the
in-house PR officer keeps everything in pressroom; approvers, viewers and agency officers read
them (an agency officer to start its releases from its issuers' templates)."""

from typing import Any

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = [
    "boilerplate",
    "boilerplateversion",
    "releasetemplate",
    "releasetemplatetranslation",
    "releasetemplatecontact",
]
READERS = ["In-house approver", "Agency PR officer", "Viewer"]
OFFICER = "In-house PR officer"


def grant(apps: Any, schema_editor: Any) -> None:
    app_config = apps.get_app_config("pressroom")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="pressroom", content_type__model__in=MODELS
    )
    for group in Group.objects.filter(name=OFFICER):
        group.permissions.add(*permissions)
    for group in Group.objects.filter(name__in=READERS):
        group.permissions.add(*permissions.filter(codename__startswith="view_"))


def revoke(apps: Any, schema_editor: Any) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="pressroom", content_type__model__in=MODELS
    )
    for group in Group.objects.filter(name__in=[OFFICER, *READERS]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("distribution", "0008_send_kind_labels"),
        ("pressroom", "0006_release_templates"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
