"""The four roles, as groups with their permissions. Here, in the app that sits on
top of the others, because it needs the permissions of pressroom, contacts, distribution and
audit. What an agency officer may *see* is decided by `contacts.scoping`; what each role may
*do* is decided here.

- In-house PR officer: everything in pressroom, contacts and distribution, and reads the audit
  log. (Approving their own submission is still refused: the two-person rule.)
- In-house approver: reads everything, approves and withdraws releases, schedules, cancels,
  pauses and resumes sends, reads the audit log.
- Agency PR officer: drafts releases, translations, assets and media-enquiry contacts, submits
  them for review; keeps its own distribution lists, media contacts, outlets and PR contacts,
  imports and exports them; reads the sends and results of releases it is assigned to. It
  cannot approve, withdraw or schedule (no pressroom.approve_release, withdraw_release,
  distribution.add_send or change_send), and has no audit log or user administration.
- Viewer: reads everything in pressroom, contacts and distribution; changes nothing."""

from typing import Any

from django.contrib.auth.management import create_permissions
from django.db import migrations

IN_HOUSE_OFFICER = "In-house PR officer"
IN_HOUSE_APPROVER = "In-house approver"
AGENCY_OFFICER = "Agency PR officer"
VIEWER = "Viewer"

APPS = ["pressroom", "contacts", "distribution"]

AGENCY_PERMISSIONS = [
    "pressroom.view_issuer",
    *(
        f"pressroom.{verb}_{model}"
        for model in ["release", "releasetranslation", "asset", "enquirycontact"]
        for verb in ["add", "change", "view"]
    ),
    "pressroom.delete_releasetranslation",
    "pressroom.delete_asset",
    "pressroom.delete_enquirycontact",
    "pressroom.submit_release",
    "pressroom.add_releasecomment",
    "pressroom.view_releasecomment",
    "contacts.view_organisation",
    "contacts.view_beat",
    *(
        f"contacts.{verb}_{model}"
        for model in ["prcontact", "outlet", "mediacontact", "distributionlist"]
        for verb in ["add", "change", "view", "delete"]
    ),
    "contacts.export_mediacontact",
    "contacts.export_outlet",
    "contacts.export_distributionlist",
    "distribution.view_send",
    "distribution.view_delivery",
    "distribution.view_deliveryevent",
    "distribution.view_assetclick",
]

APPROVER_EXTRA = [
    "pressroom.approve_release",
    "pressroom.withdraw_release",
    "pressroom.add_releasecomment",
    "distribution.add_send",
    "distribution.change_send",
    "audit.view_auditentry",
]


def create_roles(apps: Any, schema_editor: Any) -> None:
    # Permissions are normally created after all migrations (post_migrate); a fresh database
    # needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def named(names: list[str]) -> list[Any]:
        found = []
        for name in names:
            app_label, codename = name.split(".")
            found.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        return found

    everything = Permission.objects.filter(content_type__app_label__in=APPS)
    viewing = everything.filter(codename__startswith="view_")

    roles = {
        IN_HOUSE_OFFICER: [*everything, *named(["audit.view_auditentry"])],
        IN_HOUSE_APPROVER: [*viewing, *named(APPROVER_EXTRA)],
        AGENCY_OFFICER: named(AGENCY_PERMISSIONS),
        VIEWER: list(viewing),
    }
    for name, permissions in roles.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)


def remove_roles(apps: Any, schema_editor: Any) -> None:
    apps.get_model("auth", "Group").objects.filter(
        name__in=[IN_HOUSE_OFFICER, IN_HOUSE_APPROVER, AGENCY_OFFICER, VIEWER]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("distribution", "0002_delivery_claim_and_retry"),
        ("pressroom", "0004_workflow"),
        ("contacts", "0004_import_export_lists_regions"),
        ("audit", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
