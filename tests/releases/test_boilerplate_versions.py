"""Boilerplate versions: editing an issuer's boilerplate adds a version and a release already
out keeps the text it went out with, on the newsroom and in an email rendered again; switching
an approved release to another version sends it back to review; a version a release pins cannot
be deleted. Alice is the park's in-house officer, Bob its approver, Charlie an officer of the
agency that drafts the park's releases, Dave an agency officer working for another issuer."""

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from audit.models import Action, AuditEntry
from distribution.models import Send
from distribution.render import Recipient, SendRenderer
from releases.models import Boilerplate, BoilerplateVersion, Issuer, Release
from releases.template_services import (
    boilerplate_revise,
    release_pin_boilerplates,
    release_pins,
)
from releases.workflow import release_approve, release_submit
from tests.factories import (
    AgencyFactory,
    DeliveryFactory,
    IssuerFactory,
    OrganisationFactory,
    ReleaseFactory,
    SendFactory,
)
from tests.personas import persona
from tests.releases.admin_forms import initial_form_data
from tests.test_roles_and_scoping import client_for

pytestmark = pytest.mark.django_db

EMBARGO = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)  # 1 Sep 2025 10:00 HKT
BEFORE = datetime(2025, 8, 30, 4, 0, tzinfo=UTC)  # 30 Aug 2025 12:00 HKT
AFTER = datetime(2025, 9, 2, 4, 0, tzinfo=UTC)  # 2 Sep 2025 12:00 HKT

FIRST_EN = "Harbour Technology Park is a digital technology hub."  # the factory's version 1
FIRST_ZH = "海港科技園是數碼科技樞紐。"
REVISED_EN = "<p>Harbour Technology Park is home to 2,300 technology companies.</p>"


@pytest.fixture
def park() -> Issuer:
    return IssuerFactory.create(slug="park")


@pytest.fixture
def in_house(park: Issuer) -> Any:
    """The personas' team: the park's (alice and bob see its releases)."""
    return park.organisation


def english(park: Issuer) -> Boilerplate:
    return Boilerplate.objects.get(issuer=park, language="en")


def pinned_release(park: Issuer, **fields: Any) -> Release:
    """A bilingual release pinning the issuer's current boilerplate, as the admin saves it."""
    release = ReleaseFactory.create(issuer=park, bilingual=True, **fields)
    release_pin_boilerplates(release=release, before={}, by=None)
    return release


def published(park: Issuer) -> Release:
    return pinned_release(
        park,
        status=Release.Status.PUBLISHED,
        release_type=Release.ReleaseType.EMBARGOED,
        embargo_until=EMBARGO,
        published_at=EMBARGO,
    )


def edit_boilerplate(client: Any, boilerplate: Boilerplate, **changes: str) -> Any:
    url = reverse("admin:pressroom_boilerplate_change", args=[boilerplate.pk])
    form = initial_form_data(client.get(url))
    form.update(changes)
    return client.post(url, form)


def email_text(release: Release, variant: str) -> str:
    send = SendFactory.create(release=release, kind=Send.Kind.IMMEDIATE, status=Send.Status.SENDING)
    delivery = DeliveryFactory.create(send=send, language=variant)
    outgoing = SendRenderer(send).outgoing(
        Recipient(delivery_id=delivery.pk, email=delivery.email, name="Alex", variant=variant)
    )
    return outgoing.text + outgoing.html


@time_machine.travel(AFTER, tick=False)
def test_editing_the_boilerplate_adds_a_version_and_a_published_release_keeps_its_text(
    park: Issuer, alice: Any
) -> None:
    old = published(park)

    response = edit_boilerplate(client_for(alice), english(park), text=REVISED_EN)

    assert response.status_code == 302
    versions = list(english(park).versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert FIRST_EN in versions[0].text  # the old version is untouched
    assert AuditEntry.objects.filter(
        action=Action.CREATED, object_id=str(versions[1].pk), actor=alice
    ).exists()
    # The release out since 1 Sep keeps its wording, on the newsroom and in a re-rendered email.
    page = client_for(alice).get(f"/en/releases/{old.pk}-{old.slug}/").content.decode()
    assert FIRST_EN in page
    assert "2,300" not in page
    mail = email_text(old, "en")
    assert FIRST_EN in mail
    assert "2,300" not in mail
    # A release written now takes the new wording; the Chinese one has had no new version.
    new = pinned_release(park, slug="new-one")
    assert "2,300" in new.translations.get(language="en").boilerplate()
    assert FIRST_ZH in new.translations.get(language="zh-hant").boilerplate()


def test_saving_the_same_text_adds_no_version(park: Issuer, alice: Any) -> None:
    response = edit_boilerplate(client_for(alice), english(park))
    assert response.status_code == 302
    assert english(park).versions.count() == 1


def test_an_empty_boilerplate_is_refused_and_nothing_changes(park: Issuer, alice: Any) -> None:
    response = edit_boilerplate(client_for(alice), english(park), text="<p></p>")
    assert response.status_code == 200
    assert "it cannot be empty" in response.content.decode()
    assert english(park).versions.count() == 1


def change_release(client: Any, release: Release, **pins: BoilerplateVersion | None) -> Any:
    """Post the release page back as shown, with the boilerplate version of each language named
    in `pins` switched."""
    url = reverse("admin:pressroom_release_change", args=[release.pk])
    form = initial_form_data(client.get(url))
    for n in range(int(form["translations-TOTAL_FORMS"])):
        language = form[f"translations-{n}-language"].replace("-", "_")
        version = pins.get(language)
        if version is not None:
            form[f"translations-{n}-boilerplate_version"] = str(version.pk)
    return client.post(url, form)


@time_machine.travel(BEFORE, tick=False)
def test_switching_the_version_after_approval_sends_the_release_back_to_review(
    park: Issuer, alice: Any, bob: Any
) -> None:
    release = pinned_release(
        park, release_type=Release.ReleaseType.EMBARGOED, embargo_until=EMBARGO
    )
    release_submit(release=release, by=alice)
    release_approve(release=release, by=bob, seen_hash=release.content_hash())
    revised = boilerplate_revise(boilerplate=english(park), text=REVISED_EN, by=alice)
    assert revised is not None
    # A new version alone changes nothing the release shows: it is still approved.
    release.refresh_from_db()
    assert release.content_hash() == release.approved_hash

    response = change_release(client_for(alice), release, en=revised)

    assert response.status_code == 302
    release.refresh_from_db()
    assert release.status == Release.Status.IN_REVIEW
    assert release.translations.get(language="en").boilerplate_version == revised
    logged = AuditEntry.objects.filter(object_id=str(release.pk))
    assert logged.filter(action=Action.RETURNED_TO_REVIEW).exists()
    switch = logged.get(action=Action.CHANGED)
    assert switch.summary == "Boilerplate (en) switched from version 1 to version 2"
    # The approver sees the version they are asked to approve, with its text.
    approval = client_for(bob).get(reverse("admin:pressroom_release_approve", args=[release.pk]))
    page = approval.content.decode()
    assert "Boilerplate, version 2" in page
    assert "2,300 technology companies" in page


def assert_refused(client: Any, release: Release, message: str, **pins: Any) -> None:
    """Posting the release page with these pins shows `message` and changes no pin."""
    before = release_pins(release=release)
    response = change_release(client, release, **pins)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert release_pins(release=release) == before


@time_machine.travel(AFTER, tick=False)
def test_a_published_release_refuses_another_version_and_keeps_its_own(
    park: Issuer, alice: Any
) -> None:
    """Published, the release's text (its pinned boilerplate included) is shown, not edited:
    it changes only through a correction."""
    release = published(park)
    boilerplate_revise(boilerplate=english(park), text=REVISED_EN, by=alice)
    before = release_pins(release=release)
    page = client_for(alice).get(reverse("admin:pressroom_release_change", args=[release.pk]))
    assert "boilerplate_version" not in "".join(initial_form_data(page))
    assert release_pins(release=release) == before


@time_machine.travel(BEFORE, tick=False)
def test_a_version_of_another_issuer_is_refused(park: Issuer, alice: Any) -> None:
    theirs = Boilerplate.objects.get(issuer=IssuerFactory.create(), language="en").current()
    assert_refused(client_for(alice), pinned_release(park), "Select a valid choice", en=theirs)


@time_machine.travel(BEFORE, tick=False)
def test_the_chinese_text_may_not_pin_the_english_boilerplate(park: Issuer, alice: Any) -> None:
    message = "That is the English boilerplate; this text is in 繁體中文"
    assert_refused(
        client_for(alice), pinned_release(park), message, zh_hant=english(park).current()
    )


def test_a_version_a_release_pins_cannot_be_deleted_and_an_unused_one_can(
    park: Issuer, alice: Any
) -> None:
    release = pinned_release(park, slug="written-with-version-1")
    boilerplate = english(park)
    unused = boilerplate_revise(boilerplate=boilerplate, text=REVISED_EN, by=alice)
    assert unused is not None
    client = client_for(alice)
    # The inline lists the newest version first: version 2 is form 0, version 1 form 1.

    refused = edit_boilerplate(client, boilerplate, **{"versions-1-DELETE": "on"})

    assert refused.status_code == 200
    page = refused.content.decode()
    assert (
        "Deleting boilerplate version English boilerplate, version 1 would require deleting the "
        "following protected related objects: release translation "
        f"{release.translations.get(language='en')}"
    ) in page
    assert boilerplate.versions.count() == 2

    deleted = edit_boilerplate(client, boilerplate, **{"versions-0-DELETE": "on"})

    assert deleted.status_code == 302
    assert list(boilerplate.versions.values_list("number", flat=True)) == [1]
    assert AuditEntry.objects.filter(action=Action.DELETED, object_id=str(unused.pk)).exists()


def test_an_agency_sees_the_boilerplate_of_issuers_it_works_for_only(park: Issuer) -> None:
    agency = AgencyFactory.create(name_en="Agency A")
    ReleaseFactory.create(issuer=park, slug="assigned").agencies.add(agency)
    charlie = client_for(persona("charlie", agency))
    other = IssuerFactory.create(organisation=OrganisationFactory.create(name_en="Other Comms"))
    elsewhere = AgencyFactory.create(name_en="Agency B")
    ReleaseFactory.create(issuer=other, slug="elsewhere").agencies.add(elsewhere)
    dave = client_for(persona("dave", elsewhere))
    url = reverse("admin:pressroom_boilerplate_change", args=[english(park).pk])

    assert charlie.get(url).status_code == 200
    assert edit_boilerplate(charlie, english(park), text=REVISED_EN).status_code == 403
    assert english(park).versions.count() == 1

    assert dave.get(url).status_code == 404
    listed = dave.get(reverse("admin:pressroom_boilerplate_changelist"))
    assert {b.issuer for b in listed.context["cl"].queryset} == {other}
