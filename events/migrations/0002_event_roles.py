"""The roles' permissions on press events, as on releases: in-house officers everything;
agency officers draft events (add, change, view) and submit them; approvers read them and
approve or cancel them; viewers read. Everyone who sees an event reads its invitations and
replies. Inviting is scheduling a send (distribution.add_send), which agencies do not have."""

from typing import Any

from django.contrib.auth.management import create_permissions
from django.db import migrations

OFFICER, APPROVER = "In-house PR officer", "In-house approver"
AGENCY, VIEWER = "Agency PR officer", "Viewer"
READ = ["view_event", "view_invitation", "view_rsvp"]
GRANTS = {
    APPROVER: [*READ, "approve_event"],
    AGENCY: [*READ, "add_event", "change_event", "submit_event"],
    VIEWER: READ,
}


def grant(apps: Any, schema_editor: Any) -> None:
    app_config = apps.get_app_config("events")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="events")
    for group in Group.objects.filter(name=OFFICER):
        group.permissions.add(*permissions)
    for name, codenames in GRANTS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.add(*permissions.filter(codename__in=codenames))


def revoke(apps: Any, schema_editor: Any) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="events")
    for group in Group.objects.filter(name__in=[OFFICER, APPROVER, AGENCY, VIEWER]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("distribution", "0003_roles"),
        ("events", "0001_events_invitations_replies"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
