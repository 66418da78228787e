"""The people of the tests, the same in every test (as healthchecks' `hc/test.py` keeps them).
Each has one role, the group the roles migrations make:

- **alice**, in-house PR officer: drafts, approves others' work, sends, keeps the contacts;
- **bob**, in-house approver: reads everything, approves, schedules and stops sends;
- **charlie**, agency PR officer: drafts and submits what is assigned to his agency;
- **dave**, agency PR officer of another agency: the outsider to charlie's work;
- **vera**, viewer: reads, changes nothing;
- **erin**, in-house PR officer of another organisation's team;
- **wing**, in-house PR officer who reads the admin in Chinese.

A persona given an organisation is a member of it, and then sees what it sees (the scoping
rules); without one she belongs to none and sees every issuer's releases, as in an
installation with one team. Anyone else a test needs is named for what they are
(`not_staff`, `superuser`), never with a persona's name."""

from typing import Any

from django.contrib.auth.models import Group, Permission

from audit.preferences import user_language_set
from contacts.models import Organisation
from tests.factories import MembershipFactory, UserFactory

ROLES = {
    "alice": "In-house PR officer",
    "bob": "In-house approver",
    "charlie": "Agency PR officer",
    "dave": "Agency PR officer",
    "vera": "Viewer",
    "erin": "In-house PR officer",
    "wing": "In-house PR officer",
}

# The roles' permissions as the migrations made them, read once per test session: a test that
# commits (transaction=True) is followed by a flush, which empties the groups table.
_ROLE_PERMISSIONS: dict[str, list[tuple[str, str]]] = {}


def roles_remember() -> None:
    for group in Group.objects.prefetch_related("permissions__content_type"):
        _ROLE_PERMISSIONS[group.name] = [
            (permission.content_type.app_label, permission.codename)
            for permission in group.permissions.all()
        ]


def role_group(name: str) -> Group:
    """The role's group, made again with its permissions if a flush emptied the table."""
    group, created = Group.objects.get_or_create(name=name)
    if created:
        wanted = _ROLE_PERMISSIONS[name]
        permissions = Permission.objects.filter(
            content_type__app_label__in={app for app, _ in wanted},
            codename__in={codename for _, codename in wanted},
        ).select_related("content_type")
        group.permissions.set(
            [p for p in permissions if (p.content_type.app_label, p.codename) in set(wanted)]
        )
    return group


def persona(name: str, organisation: Organisation | None = None, **fields: Any) -> Any:
    """The persona `name` (a fresh user object: permissions are cached on it)."""
    user = UserFactory.create(username=name, first_name=name.title(), last_name="Officer", **fields)
    user.groups.add(role_group(ROLES[name]))
    if organisation is not None:
        MembershipFactory.create(user=user, organisation=organisation)
    if name == "wing":
        user_language_set(user=user, language="zh-hant")
    return type(user).objects.get(pk=user.pk)
