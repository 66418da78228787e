"""Access requests are the in-house officers' (they hold everything about a person); the
approver and the viewer read them; agencies have none."""

from typing import Any

from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICER = "In-house PR officer"
READERS = ["In-house approver", "Viewer"]


def grant(apps: Any, schema_editor: Any) -> None:
    app_config = apps.get_app_config("privacy")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="privacy")
    for group in Group.objects.filter(name=OFFICER):
        group.permissions.add(*permissions)
    for group in Group.objects.filter(name__in=READERS):
        group.permissions.add(*permissions.filter(codename__startswith="view_"))


def revoke(apps: Any, schema_editor: Any) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="privacy")
    for group in Group.objects.filter(name__in=[OFFICER, *READERS]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("distribution", "0003_roles"),
        ("privacy", "0001_access_requests"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
