"""Subscribers are personal data, as access requests are: the in-house officers' (view and
delete); the approver and the viewer read them; agencies have none."""

from typing import Any

from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICER = "In-house PR officer"
READERS = ["In-house approver", "Viewer"]


def grant(apps: Any, schema_editor: Any) -> None:
    app_config = apps.get_app_config("subscriptions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    subscribers = Permission.objects.filter(content_type__app_label="subscriptions")
    for group in Group.objects.filter(name=OFFICER):
        group.permissions.add(
            *subscribers.filter(codename__in=["view_subscriber", "delete_subscriber"])
        )
    for group in Group.objects.filter(name__in=READERS):
        group.permissions.add(*subscribers.filter(codename="view_subscriber"))


def revoke(apps: Any, schema_editor: Any) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    subscribers = Permission.objects.filter(content_type__app_label="subscriptions")
    for group in Group.objects.filter(name__in=[OFFICER, *READERS]):
        group.permissions.remove(*subscribers)


class Migration(migrations.Migration):
    dependencies = [
        ("distribution", "0003_roles"),
        ("subscriptions", "0001_subscribers"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
