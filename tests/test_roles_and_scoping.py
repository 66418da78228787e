"""Roles and organisation scoping (contacts/scoping.py has the rules). Alice is an in-house PR
officer, Bob an in-house approver, Charlie an officer of agency A (assigned to one release),
Dave an officer of agency B (assigned to nothing). Each walks the admin: what they may see
answers 200, what they may not is not found (404) or refused (403), wherever it is asked for,
and lists never show it."""

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from audit.models import Action, AuditEntry
from contacts.models import (
    DistributionList,
    Language,
    MediaContact,
    Organisation,
    PRContact,
    Suppression,
)
from distribution.models import AssetClick, Delivery, DeliveryEvent, Send
from releases.models import Release, ReleaseComment
from releases.workflow import TransitionRefused, release_approve, release_submit
from tests.factories import (
    AgencyFactory,
    AssetClickFactory,
    DeliveryEventFactory,
    DeliveryFactory,
    DistributionListFactory,
    EnquiryContactFactory,
    IssuerFactory,
    MediaContactFactory,
    OrganisationFactory,
    PRContactFactory,
    ReleaseFactory,
    SendFactory,
    SuppressionFactory,
    UserFactory,
)
from tests.personas import persona
from tests.releases.admin_forms import initial_form_data

pytestmark = pytest.mark.django_db

OFFICER, APPROVER, AGENCY, VIEWER = (
    "In-house PR officer",
    "In-house approver",
    "Agency PR officer",
    "Viewer",
)


@dataclass
class World:
    park: Organisation
    agency_a: Organisation
    agency_b: Organisation
    release_a: Release  # assigned to agency A
    release_park: Release  # the in-house team's alone
    send_a: Send
    send_park: Send
    delivery_a: Delivery
    delivery_park: Delivery
    event_a: DeliveryEvent
    event_park: DeliveryEvent
    click_a: AssetClick
    click_park: AssetClick
    park_list: DistributionList
    list_a: DistributionList
    list_b: DistributionList
    shared: MediaContact  # on no list: the shared media database
    in_house_only: MediaContact  # on the park's list only
    on_list_a: MediaContact  # on the park's list and on agency A's
    pr_park: PRContact
    pr_a: PRContact
    pr_b: PRContact


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world() -> World:
    park = OrganisationFactory.create(name_en="Park Comms")
    agency_a = AgencyFactory.create(name_en="Agency A")
    agency_b = AgencyFactory.create(name_en="Agency B")
    issuer = IssuerFactory.create(organisation=park)
    release_a = ReleaseFactory.create(issuer=issuer, slug="agency-a-release", bilingual=True)
    release_a.agencies.add(agency_a)
    release_park = ReleaseFactory.create(issuer=issuer, slug="park-release", bilingual=True)
    shared = MediaContactFactory.create(email="shared@daily.example.com")
    in_house_only = MediaContactFactory.create(email="private@daily.example.com")
    on_list_a = MediaContactFactory.create(email="both@daily.example.com")
    park_list = DistributionListFactory.create(
        name="Park desk", owner=park, members=[in_house_only, on_list_a]
    )
    list_a = DistributionListFactory.create(name="A desk", owner=agency_a, members=[on_list_a])
    list_b = DistributionListFactory.create(name="B desk", owner=agency_b)
    send_a = SendFactory.create(release=release_a, lists=[list_a])
    send_park = SendFactory.create(release=release_park, lists=[park_list])
    delivery_a = DeliveryFactory.create(send=send_a, contact=on_list_a)
    delivery_park = DeliveryFactory.create(send=send_park, contact=in_house_only)
    return World(
        park=park,
        agency_a=agency_a,
        agency_b=agency_b,
        release_a=release_a,
        release_park=release_park,
        send_a=send_a,
        send_park=send_park,
        delivery_a=delivery_a,
        delivery_park=delivery_park,
        event_a=DeliveryEventFactory.create(delivery=delivery_a),
        event_park=DeliveryEventFactory.create(delivery=delivery_park),
        click_a=AssetClickFactory.create(delivery=delivery_a),
        click_park=AssetClickFactory.create(delivery=delivery_park),
        park_list=park_list,
        list_a=list_a,
        list_b=list_b,
        shared=shared,
        in_house_only=in_house_only,
        on_list_a=on_list_a,
        pr_park=PRContactFactory.create(organisation=park, name_en="Park Officer"),
        pr_a=PRContactFactory.create(organisation=agency_a, name_en="A Officer"),
        pr_b=PRContactFactory.create(organisation=agency_b, name_en="B Officer"),
    )


# The personas (tests/personas.py) in this world: alice and bob of the park, charlie of agency
# A, dave of agency B.
@pytest.fixture
def in_house(world: World) -> Organisation:
    return world.park


@pytest.fixture
def agency(world: World) -> Organisation:
    return world.agency_a


@pytest.fixture
def other_agency(world: World) -> Organisation:
    return world.agency_b


def admin_url(obj: Any, page: str = "change") -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}", args=[obj.pk])


def changelist(client: Client, model: Any, query: str = "") -> set[Any]:
    opts = model._meta
    response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + query)
    assert response.status_code == 200
    return set(response.context["cl"].queryset)


# What each agency officer may see, by name on the World; everything else they may not.
CHARLIE_SEES = {
    "release_a", "send_a", "delivery_a", "event_a", "click_a", "list_a", "shared",
    "on_list_a", "pr_park", "pr_a", "park", "agency_a",
}  # fmt: skip
DAVE_SEES = {"list_b", "shared", "pr_park", "pr_b", "park", "agency_b"}  # not on_list_a
EVERY_OBJECT = [
    "release_a", "release_park", "send_a", "send_park", "delivery_a", "delivery_park",
    "event_a", "event_park", "click_a", "click_park", "park_list", "list_a", "list_b",
    "shared", "in_house_only", "on_list_a", "pr_park", "pr_a", "pr_b", "park", "agency_a",
    "agency_b",
]  # fmt: skip


def test_it_creates_the_four_roles_with_their_permissions() -> None:
    def perms(name: str) -> set[str]:
        group = Group.objects.get(name=name)
        return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}

    officer, approver = perms(OFFICER), perms(APPROVER)
    agency, viewer = perms(AGENCY), perms(VIEWER)
    gatekeeping = {
        "pressroom.approve_release",
        "pressroom.withdraw_release",
        "distribution.add_send",
        "distribution.change_send",
    }
    assert gatekeeping <= officer
    assert gatekeeping <= approver
    assert not gatekeeping & agency
    assert {"pressroom.add_release", "pressroom.submit_release"} <= agency
    assert {"contacts.change_distributionlist", "contacts.export_mediacontact"} <= agency
    assert not agency & {"audit.view_auditentry", "auth.change_user", "contacts.view_suppression"}
    assert all(".view_" in p for p in viewer)
    assert "pressroom.change_release" not in approver


@pytest.mark.parametrize("name", EVERY_OBJECT)
def test_it_shows_agency_officers_only_what_their_agency_may_see(
    world: World, charlie: Any, dave: Any, alice: Any, name: str
) -> None:
    obj = getattr(world, name)
    for user, sees in [(charlie, CHARLIE_SEES), (dave, DAVE_SEES), (alice, set(EVERY_OBJECT))]:
        client = client_for(user)
        expected = 200 if name in sees else 404
        for page in ["change", "history"]:
            response = client.get(admin_url(obj, page))
            assert response.status_code == expected, (user.username, name, page)
        in_list = changelist(client, type(obj))
        assert (obj in in_list) == (name in sees), (user.username, name)


@pytest.mark.parametrize(
    ("name", "status"),
    [("list_a", 200), ("park_list", 404), ("list_b", 404), ("in_house_only", 404), ("pr_b", 404)],
)
def test_it_asks_an_agency_to_confirm_deletes_only_of_its_own_records(
    world: World, charlie: Any, name: str, status: int
) -> None:
    response = client_for(charlie).get(admin_url(getattr(world, name), "delete"))
    assert response.status_code == status
    assert DistributionList.objects.count() == 3


def test_it_narrows_the_in_house_teams_records_for_nobody(world: World, alice: Any) -> None:
    client = client_for(alice)
    assert changelist(client, Release) == {world.release_a, world.release_park}
    assert changelist(client, MediaContact) == {world.shared, world.in_house_only, world.on_list_a}
    assert len(changelist(client, DistributionList)) == 3


def test_it_shows_in_house_officers_the_releases_of_their_own_issuer(
    world: World, alice: Any
) -> None:
    other_park = OrganisationFactory.create(name_en="Other Park Comms")
    theirs = ReleaseFactory.create(issuer=IssuerFactory.create(organisation=other_park))
    erin = persona("erin", other_park)
    client = client_for(erin)
    assert changelist(client, Release) == {theirs}
    assert changelist(client, Send) == set()
    assert client.get(admin_url(world.release_park)).status_code == 404
    assert client.get(admin_url(world.send_park)).status_code == 404
    schedule = reverse("admin:distribution_send_schedule", args=[world.release_park.pk])
    assert client.get(schedule).status_code == 404
    contact_page = client.get(admin_url(world.in_house_only)).content.decode()
    assert "Releases sent (0)" in contact_page
    alices = client_for(alice).get(admin_url(world.in_house_only)).content.decode()
    assert "Releases sent (1)" in alices


def test_it_keeps_an_agencys_new_release_assigned_to_it(world: World, charlie: Any) -> None:
    from tests.test_admin_forms import _release_form

    data = _release_form(world.release_a.issuer, slug="agency-draft")
    data |= {
        "enquiry_links-TOTAL_FORMS": "1",
        "enquiry_links-0-order": "0",
        "enquiry_links-0-pr_contact": str(world.pr_b.pk),  # another agency's: refused
    }
    response = client_for(charlie).post(reverse("admin:pressroom_release_add"), data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    data["enquiry_links-0-pr_contact"] = str(world.pr_a.pk)
    response = client_for(charlie).post(reverse("admin:pressroom_release_add"), data)
    assert response.status_code == 302
    release = Release.objects.get(slug="agency-draft")
    assert list(release.agencies.all()) == [world.agency_a]


def test_it_keeps_other_agencies_on_a_release_an_agency_edits(world: World, charlie: Any) -> None:
    from tests.test_admin_forms import _release_form

    world.release_a.agencies.add(world.agency_b)
    release = world.release_a
    link = EnquiryContactFactory.create(release=release, pr_contact=world.pr_b, order=0)
    data: dict[str, Any] = {
        **_release_form(release.issuer, slug=release.slug, release_date="2025-09-01"),
        "translations-INITIAL_FORMS": "0",
        "agencies": [world.agency_a.pk],
    }
    data |= {
        "enquiry_links-TOTAL_FORMS": "1",
        "enquiry_links-INITIAL_FORMS": "1",
        "enquiry_links-0-id": str(link.pk),
        "enquiry_links-0-release": str(release.pk),
        "enquiry_links-0-order": "0",
        "enquiry_links-0-pr_contact": str(world.pr_b.pk),
    }
    response = client_for(charlie).post(admin_url(release), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert set(release.agencies.all()) == {world.agency_a, world.agency_b}
    page = client_for(charlie).get(admin_url(release)).content.decode()
    assert 'name="agencies"' not in page


def test_it_lets_an_agency_read_but_not_change_the_in_house_teams_records(
    world: World, charlie: Any
) -> None:
    client = client_for(charlie)
    for obj, field in [(world.pr_park, "name_en"), (world.shared, "name_en")]:
        response = client.post(admin_url(obj), {field: "Changed", "email": "x@example.com"})
        assert response.status_code == 403
        obj.refresh_from_db()
        assert getattr(obj, field) != "Changed"


def autocomplete(client: Client, app_label: str, model_name: str, field_name: str) -> set[str]:
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": app_label, "model_name": model_name, "field_name": field_name},
    )
    assert response.status_code == 200, (model_name, field_name)
    return {row["text"] for row in response.json()["results"]}


def test_it_offers_only_visible_objects_in_autocomplete(world: World, charlie: Any) -> None:
    client = client_for(charlie)
    assert autocomplete(client, "pressroom", "release", "agencies") == {"Agency A"}
    organisations = autocomplete(client, "contacts", "distributionlist", "owner")
    assert organisations == {"Park Comms", "Agency A"}
    members = autocomplete(client, "contacts", "distributionlist", "members")
    assert world.in_house_only.email not in " ".join(members)
    assert world.shared.email in " ".join(members)
    pr_contacts = autocomplete(client, "pressroom", "enquirycontact", "pr_contact")
    assert {text.split(" (")[0] for text in pr_contacts} == {"Park Officer", "A Officer"}


def test_it_hides_forbidden_rows_from_raw_id_popups_and_list_filters(
    world: World, charlie: Any
) -> None:
    client = client_for(charlie)
    popup = changelist(client, Send, "?_popup=1&_to_field=id")
    assert popup == {world.send_a}
    response = client.get(reverse("admin:contacts_distributionlist_changelist"))
    filter_choices = response.content.decode()
    assert "Agency B" not in filter_choices
    assert changelist(client, Delivery, f"?send={world.send_park.pk}") == set()


def test_it_refuses_a_forged_choice_of_a_hidden_contact(world: World, charlie: Any) -> None:
    response = client_for(charlie).post(
        reverse("admin:contacts_distributionlist_add"),
        {
            "name": "Sneaky",
            "owner": world.agency_a.pk,
            "members": [world.in_house_only.pk],
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not DistributionList.objects.filter(name="Sneaky").exists()


def test_it_keeps_the_sending_pages_to_the_releases_one_sees(world: World, charlie: Any) -> None:
    client = client_for(charlie)
    preview = "admin:distribution_send_preview_any"
    assert client.get(reverse(preview, args=[world.release_a.pk])).status_code == 302
    assert client.get(reverse(preview, args=[world.release_park.pk])).status_code == 404
    progress = "admin:distribution_send_progress"
    assert client.get(reverse(progress, args=[world.send_a.pk])).status_code == 200
    assert client.get(reverse(progress, args=[world.send_park.pk])).status_code == 404
    assert client.get(reverse("admin:distribution_outbox")).status_code == 403
    for release in [world.release_a, world.release_park]:
        url = reverse("admin:distribution_send_schedule", args=[release.pk])
        assert client.get(url).status_code == 403
        test_send = reverse("admin:distribution_send_test", args=[release.pk])
        assert client.get(test_send).status_code == 403


def test_it_refuses_an_agency_officers_forged_schedule_and_cancel(
    world: World, charlie: Any
) -> None:
    Release.objects.filter(pk=world.release_a.pk).update(status=Release.Status.APPROVED)
    client = client_for(charlie)
    response = client.post(
        reverse("admin:distribution_send_schedule", args=[world.release_a.pk]),
        {"lists": [world.list_a.pk], "kind": "immediate", "confirm": "1", "confirmation": "a" * 32},
    )
    assert response.status_code == 403
    assert Send.objects.filter(release=world.release_a).count() == 1
    Send.objects.filter(pk=world.send_a.pk).update(status=Send.Status.SCHEDULED)
    cancel = client.post(reverse("admin:distribution_send_cancel", args=[world.send_a.pk]))
    assert cancel.status_code == 403
    world.send_a.refresh_from_db()
    assert world.send_a.status == Send.Status.SCHEDULED


def test_it_refuses_an_agency_officers_forged_approval_and_withdrawal(
    world: World, charlie: Any, dave: Any, alice: Any
) -> None:
    release_submit(release=world.release_a, by=alice)
    world.release_a.refresh_from_db()
    seen_hash = world.release_a.content_hash()
    with pytest.raises(TransitionRefused):
        release_approve(release=world.release_a, by=charlie, seen_hash=seen_hash)
    approve = reverse("admin:pressroom_release_approve", args=[world.release_a.pk])
    withdraw = reverse("admin:pressroom_release_transition", args=[world.release_a.pk, "withdraw"])
    charlies = client_for(charlie)
    assert charlies.post(approve, {"seen_hash": seen_hash}).status_code == 302
    assert charlies.post(withdraw).status_code == 302
    # Dave's agency is not on the release: he cannot even find it.
    daves = client_for(dave)
    assert daves.get(approve).status_code == 404
    assert daves.post(approve, {"seen_hash": seen_hash}).status_code == 404
    assert daves.post(withdraw).status_code == 404
    world.release_a.refresh_from_db()
    assert world.release_a.status == Release.Status.IN_REVIEW
    assert world.release_a.approved_by is None


def test_it_lets_the_approver_schedule_for_the_issuer(world: World, bob: Any) -> None:
    client = client_for(bob)
    url = reverse("admin:distribution_send_schedule", args=[world.release_park.pk])
    assert client.get(url).status_code == 200
    assert client.get(reverse("admin:distribution_outbox")).status_code == 200


# --- Audit hooks ------------------------------------------------------------------------------


def test_it_records_permission_changes_with_who_made_them(world: World, dave: Any) -> None:
    superuser = UserFactory.create(username="root", is_superuser=True)
    client = client_for(superuser)
    viewer = Group.objects.get(name=VIEWER)
    response = client.post(
        reverse("admin:auth_user_change", args=[dave.pk]),
        {
            "username": "dave",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [viewer.pk],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entries = AuditEntry.objects.filter(action=Action.PERMISSIONS_CHANGED, object_id=str(dave.pk))
    summaries = {entry.summary for entry in entries.filter(actor=superuser)}
    assert "Groups added: Viewer" in summaries
    assert "Groups removed: Agency PR officer" in summaries
    flags = entries.get(changes__has_key="is_superuser")
    assert (flags.actor, flags.changes) == (superuser, {"is_superuser": [False, True]})


def test_it_records_a_lifted_suppression(alice: Any) -> None:
    alice.is_superuser = True  # suppressions are an administrator's to lift
    alice.save()
    suppression = SuppressionFactory.create(email="gone@daily.example.com", reason="hard_bounce")
    response = client_for(alice).post(admin_url(suppression, "delete"), {"post": "yes"})
    assert response.status_code == 302
    assert not Suppression.objects.exists()
    entry = AuditEntry.objects.get(action=Action.SUPPRESSION_LIFTED)
    assert entry.actor == alice
    assert "gone@daily.example.com" in entry.summary


def test_it_records_exports_and_imports(world: World, charlie: Any) -> None:
    from contacts import services
    from contacts.models import ImportJob
    from tests.contacts.spreadsheets import csv_bytes, upload

    response = client_for(charlie).post(
        reverse("admin:contacts_mediacontact_export"),
        {"format": "0", "resource": "0", "mediacontactresource_email": "on"},
    )
    assert response.status_code == 200
    exported = AuditEntry.objects.get(action=Action.EXPORTED)
    assert exported.actor == charlie
    assert exported.changes["rows"] == 2  # the in-house-only contact is not exported
    assert world.in_house_only.email not in response.content.decode()

    data = csv_bytes([["Email", "Name"], ["new@paper.example.com", "New Writer"]])
    job = services.import_job_create(
        kind=ImportJob.Kind.CONTACTS,
        upload=upload("writers.csv", data),
        by=charlie,
        distribution_list=world.list_a,
    )
    services.import_job_confirm(job=job, by=charlie)
    imported = AuditEntry.objects.get(action=Action.IMPORTED)
    assert imported.actor == charlie
    assert imported.changes["counts"]["new"] == 1


def test_it_records_a_groups_permission_changes(world: World) -> None:
    from django.contrib.auth.models import Permission

    superuser = UserFactory.create(username="root", is_superuser=True)
    viewer = Group.objects.get(name=VIEWER)
    approve = Permission.objects.get(codename="approve_release")
    kept = list(viewer.permissions.values_list("pk", flat=True))
    response = client_for(superuser).post(
        reverse("admin:auth_group_change", args=[viewer.pk]),
        {"name": VIEWER, "permissions": [*kept, approve.pk]},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=Action.PERMISSIONS_CHANGED, object_id=str(viewer.pk))
    assert entry.actor == superuser
    assert entry.changes == {"permissions": {"added": ["pressroom.approve_release"]}}


def test_it_never_puts_an_in_house_only_contact_on_an_agency_list_by_import(
    world: World, charlie: Any
) -> None:
    from contacts.services import contacts_import
    from tests.contacts.spreadsheets import csv_bytes

    rows = [["Email", "Name"], [world.in_house_only.email, "Guess"], ["new@x.example.com", "New"]]
    report = contacts_import(
        data=csv_bytes(rows),
        file_name="a.csv",
        by=charlie,
        dry_run=False,
        distribution_list=world.list_a,
    )
    assert report["counts"]["new"] == 1
    # Security review: reported as a row not imported, never why or whose ("maintained by the
    # in-house team" told the agency the contact exists, which search and its page deny).
    assert report["not_imported"] == [{"row": 2}]
    assert report["counts"]["not_editable"] == 0
    assert report["not_editable"] == []
    assert "in-house" not in json.dumps(report)
    assert not world.list_a.members.filter(pk=world.in_house_only.pk).exists()
    assert client_for(charlie).get(admin_url(world.in_house_only)).status_code == 404


# --- The two-person rule, reviewers' comments, back to draft ------------------------------


def _edit_headline(client: Client, release: Release, headline: str) -> None:
    """Change the English headline through the release page, as a browser posts the form."""
    page = client.get(admin_url(release))
    assert page.status_code == 200
    form = {k: v for k, v in initial_form_data(page).items() if not k.startswith("_")}
    english = release.translations.get(language="en")
    [index] = [
        key.split("-")[1]
        for key, value in form.items()
        if key.startswith("translations-") and key.endswith("-id") and value == str(english.pk)
    ]
    form[f"translations-{index}-headline"] = headline
    response = client.post(admin_url(release), form)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_whoever_edited_a_release_in_review_cannot_approve_it(
    world: World, alice: Any, bob: Any, charlie: Any
) -> None:
    """The two-person rule held for the author and the submitter only, so an officer
    could rewrite a release in review and approve their own text."""
    release = world.release_a
    release_submit(release=release, by=charlie)
    _edit_headline(client_for(alice), release, "創新集群全球第一 (rewritten by alice)")

    approve = reverse("admin:pressroom_release_approve", args=[release.pk])
    assert 'id="approve-link"' not in client_for(alice).get(admin_url(release)).content.decode()
    response = client_for(alice).post(approve, {"seen_hash": release.content_hash()}, follow=True)
    assert "Someone other than the author must approve it" in response.content.decode()
    release.refresh_from_db()
    assert release.status == Release.Status.IN_REVIEW

    client_for(bob).post(approve, {"seen_hash": release.content_hash()})
    release.refresh_from_db()
    assert release.status == Release.Status.APPROVED
    assert release.approved_by == bob


def test_a_viewer_reads_the_comments_but_cannot_post_one(world: World, alice: Any) -> None:
    """A viewer could post reviewers' comments."""
    viewer = persona("vera", world.park)
    client = client_for(viewer)
    assert 'id="id_comment_text"' not in client.get(admin_url(world.release_park)).content.decode()

    url = reverse("admin:pressroom_release_comment", args=[world.release_park.pk])
    response = client.post(url, {"text": "Approve it now!"}, follow=True)

    assert "You may read the comments but not add one." in response.content.decode()
    assert not ReleaseComment.objects.exists()
    client_for(alice).post(url, {"text": "請核對專利數字。"})
    assert list(ReleaseComment.objects.values_list("text", flat=True)) == ["請核對專利數字。"]


def test_an_agency_officer_cannot_stop_a_scheduled_send_by_taking_it_back_to_draft(
    world: World, charlie: Any, alice: Any
) -> None:
    """Back to draft from "scheduled" silently stopped the send, although agencies
    may not withdraw or schedule."""
    release = world.release_a
    Release.objects.filter(pk=release.pk).update(status=Release.Status.SCHEDULED)
    release.refresh_from_db()
    offered = client_for(charlie).get(admin_url(release)).content.decode()
    assert 'name="back-to-draft"' not in offered

    url = reverse("admin:pressroom_release_transition", args=[release.pk, "back_to_draft"])
    response = client_for(charlie).post(url, follow=True)

    assert "A scheduled release goes back to draft only by someone" in response.content.decode()
    release.refresh_from_db()
    assert release.status == Release.Status.SCHEDULED
    client_for(alice).post(url)  # an in-house officer may: they may cancel sends
    release.refresh_from_db()
    assert release.status == Release.Status.DRAFT


def test_an_agency_rule_preview_never_names_or_counts_in_house_only_contacts(
    world: World, charlie: Any, alice: Any
) -> None:
    """The rule preview (and the list page's "who the list reaches now") evaluated
    the rule over every contact, so an agency read the in-house team's own journalists."""
    every_language = list(Language.values)
    DistributionList.objects.filter(pk=world.list_a.pk).update(rule_languages=every_language)
    preview_url = reverse("admin:contacts_distributionlist_rule_preview")
    form = {"list": world.list_a.pk, "rule_languages": every_language}
    hidden = world.in_house_only.email

    agency_preview = client_for(charlie).post(preview_url, form)
    agency_page = client_for(charlie).get(admin_url(world.list_a))
    in_house_preview = client_for(alice).post(preview_url, form)

    assert agency_preview.status_code == agency_page.status_code == 200
    for response in (agency_preview, agency_page):
        assert hidden not in response.content.decode()
        assert response.context["preview"].rule_count == MediaContact.objects.count() - 1
    assert hidden in in_house_preview.content.decode()
    assert in_house_preview.context["preview"].rule_count == MediaContact.objects.count()


def test_an_agency_cannot_stop_a_scheduled_send_by_editing_the_release_or_its_contact(
    world: World, charlie: Any
) -> None:
    """After the fix for that: any edit of a scheduled release sends it back to review,
    which stops its send; so did editing a PR contact it names. Neither is the agency's to do."""
    release = world.release_a
    EnquiryContactFactory.create(release=release, pr_contact=world.pr_a)
    Release.objects.filter(pk=release.pk).update(status=Release.Status.SCHEDULED)
    client = client_for(charlie)

    page = client.get(admin_url(release))
    posted = client.post(admin_url(release), initial_form_data(page))
    contact_page = client.get(admin_url(world.pr_a))
    contact_form = initial_form_data(contact_page)
    contact_form["phone"] = "+852 5550 7777"
    refused = client.post(admin_url(world.pr_a), contact_form)

    assert page.status_code == 200  # read, not edited
    assert posted.status_code == 403
    assert "This contact is named on a scheduled release" in refused.content.decode()
    world.pr_a.refresh_from_db()
    assert world.pr_a.phone != "+852 5550 7777"
    release.refresh_from_db()
    assert release.status == Release.Status.SCHEDULED


def test_an_agency_list_export_counts_only_the_contacts_it_may_see(
    world: World, charlie: Any
) -> None:
    DistributionList.objects.filter(pk=world.list_a.pk).update(rule_languages=list(Language.values))
    from contacts.resources import DistributionListResource

    rows = list(
        DistributionListResource(user=charlie).export_rows(
            DistributionList.objects.filter(pk=world.list_a.pk)
        )
    )
    visible = MediaContact.objects.count() - 1  # all but the in-house team's own
    assert [row["members_now"] for row in rows] == [visible]
