"""The roles' permissions on corrections of published releases:
in-house officers everything; agency officers draft them (add, change, view) for the releases
assigned to them; approvers and viewers read them. Submitting and approving follow the release
permissions (submit_release, approve_release)."""

from typing import Any

from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICER, AGENCY = "In-house PR officer", "Agency PR officer"
READERS = ["In-house approver", "Viewer"]


def grant(apps: Any, schema_editor: Any) -> None:
    app_config = apps.get_app_config("pressroom")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="pressroom", content_type__model="correction"
    )
    for group in Group.objects.filter(name=OFFICER):
        group.permissions.add(*permissions)
    for group in Group.objects.filter(name=AGENCY):
        group.permissions.add(*permissions.exclude(codename__startswith="delete_"))
    for group in Group.objects.filter(name__in=READERS):
        group.permissions.add(*permissions.filter(codename__startswith="view_"))


def revoke(apps: Any, schema_editor: Any) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="pressroom", content_type__model="correction"
    )
    for group in Group.objects.filter(name__in=[OFFICER, AGENCY, *READERS]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("distribution", "0012_send_again_reason"),
        ("pressroom", "0009_corrections"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
