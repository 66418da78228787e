"""With two in-house teams (two issuers), each officer's audit log,
its CSV export and the outbox show only their own issuer's releases; and a scoped admin with
no visibility rule refuses to serve rather than show everything."""

from pathlib import Path
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives
from django.test import Client, RequestFactory
from django.urls import reverse

from audit.models import AuditEntry
from contacts.models import Organisation
from contacts.scoping import ScopedAdmin
from distribution.models import message_id_for
from distribution.outbox import EmailBackend
from releases.models import Release
from releases.workflow import release_comment, release_submit
from tests.factories import (
    AgencyFactory,
    DeliveryFactory,
    IssuerFactory,
    MembershipFactory,
    OrganisationFactory,
    ReleaseFactory,
    SendFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

OFFICER = "In-house PR officer"
PARK_SECRET = "科學園機密：全球創新指數排名第一"
PORT_SECRET = "數碼港機密：新基金十億元"


def officer_of(username: str, organisation: Organisation) -> Any:
    user = UserFactory.create(username=username)
    user.groups.add(Group.objects.get(name=OFFICER))
    MembershipFactory.create(user=user, organisation=organisation)
    return user


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def teams() -> dict[str, Any]:
    park_team = OrganisationFactory.create(name_en="Science Park Comms")
    port_team = OrganisationFactory.create(name_en="Cyberport Comms")
    park = ReleaseFactory.create(
        issuer=IssuerFactory.create(organisation=park_team), bilingual=True
    )
    port = ReleaseFactory.create(
        issuer=IssuerFactory.create(organisation=port_team), bilingual=True
    )
    park_officer, port_officer = officer_of("pat", park_team), officer_of("quinn", port_team)
    for release, by, secret in [
        (park, park_officer, PARK_SECRET),
        (port, port_officer, PORT_SECRET),
    ]:
        release_submit(release=release, by=by)
        release_comment(release=release, by=by, text=secret)
    return {"park": park, "port": port, "pat": park_officer, "quinn": port_officer}


def test_an_officer_reads_only_their_own_issuers_entries_on_the_audit_log(
    teams: dict[str, Any],
) -> None:
    pat = client_for(teams["pat"])
    listing = pat.get(reverse("admin:audit_auditentry_changelist"))
    assert listing.status_code == 200
    assert PARK_SECRET in listing.content.decode()
    assert PORT_SECRET not in listing.content.decode()

    theirs = AuditEntry.objects.get(summary=PORT_SECRET)
    page = pat.get(reverse("admin:audit_auditentry_change", args=[theirs.pk]), follow=True)
    assert PORT_SECRET not in page.content.decode()

    export = pat.post(
        reverse("admin:audit_auditentry_changelist"),
        {"action": "export_csv", "select_across": "1", "index": "0", "_selected_action": [
            str(theirs.pk)
        ]},
    )  # fmt: skip
    assert export.status_code == 200
    assert PARK_SECRET in export.content.decode()
    assert PORT_SECRET not in export.content.decode()

    quinn = client_for(teams["quinn"]).get(reverse("admin:audit_auditentry_changelist"))
    assert PORT_SECRET in quinn.content.decode()
    assert PARK_SECRET not in quinn.content.decode()


def _write(folder: Path, release: Release, subject: str) -> str:
    delivery = DeliveryFactory.create(send=SendFactory.create(release=release))
    message = EmailMultiAlternatives(
        subject=subject,
        body="正文",
        from_email="Newsroom <newsroom@pressroom.example.com>",
        to=[delivery.email],
        headers={"Message-ID": message_id_for(delivery.pk, delivery.send_id)},
    )
    before = set(folder.glob("*.eml"))
    EmailBackend(outbox_dir=folder).send_messages([message])
    [path] = set(folder.glob("*.eml")) - before
    return path.name


def test_an_officer_opens_only_their_own_issuers_messages_in_the_outbox(
    teams: dict[str, Any], settings: Any, tmp_path: Path
) -> None:
    settings.OUTBOX_DIR = tmp_path
    settings.EMAIL_BACKEND = "distribution.outbox.EmailBackend"
    _write(tmp_path, teams["park"], PARK_SECRET)
    theirs = _write(tmp_path, teams["port"], PORT_SECRET)
    pat = client_for(teams["pat"])

    listing = pat.get(reverse("admin:distribution_outbox")).content.decode()

    assert PARK_SECRET in listing
    assert PORT_SECRET not in listing
    for view in ("admin:distribution_outbox_message", "admin:distribution_outbox_raw"):
        assert pat.get(reverse(view, args=[theirs])).status_code == 404
    assert (
        PORT_SECRET
        in client_for(teams["quinn"]).get(reverse("admin:distribution_outbox")).content.decode()
    )


def test_every_scoped_admin_has_a_rule_for_an_agency_officer() -> None:
    agency_officer = UserFactory.create(username="agnes")
    MembershipFactory.create(user=agency_officer, organisation=AgencyFactory.create())
    request = RequestFactory().get("/admin/")
    request.user = agency_officer
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, ScopedAdmin):
            model_admin.scope(request, model._default_manager.all()).count()  # raises if none


def test_a_scoped_admin_without_a_rule_fails_closed() -> None:
    class Unruled(ScopedAdmin[Any]):
        pass

    request = RequestFactory().get("/admin/")
    request.user = UserFactory.create(username="agnes")
    with pytest.raises(ImproperlyConfigured, match="no visibility rule for Group"):
        Unruled(Group, admin.site).scope(request, Group.objects.all())
