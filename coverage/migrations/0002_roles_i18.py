"""The roles' permissions on coverage: in-house officers everything; agency officers record,
confirm and reject the coverage of the releases assigned to them and keep outlet feeds (they
keep outlets too); approvers and viewers read it."""

from typing import Any

from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICER, AGENCY = "In-house PR officer", "Agency PR officer"
READERS = ["In-house approver", "Viewer"]


def grant(apps: Any, schema_editor: Any) -> None:
    app_config = apps.get_app_config("coverage")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="coverage")
    for group in Group.objects.filter(name=OFFICER):
        group.permissions.add(*permissions)
    for group in Group.objects.filter(name=AGENCY):
        group.permissions.add(
            *permissions.filter(content_type__model="outletfeed"),
            *permissions.filter(content_type__model="coverageitem").exclude(
                codename__startswith="delete_"
            ),
        )
    for group in Group.objects.filter(name__in=READERS):
        group.permissions.add(*permissions.filter(codename__startswith="view_"))


def revoke(apps: Any, schema_editor: Any) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="coverage")
    for group in Group.objects.filter(name__in=[OFFICER, AGENCY, *READERS]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("coverage", "0001_initial_i18"),
        ("distribution", "0013_correction_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
