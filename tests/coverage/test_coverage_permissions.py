"""An agency sees the coverage of the releases assigned to it, and nothing else; coverage names
only releases the public can read."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from coverage.models import CoverageItem
from releases.models import Release
from tests.factories import (
    AgencyFactory,
    IssuerFactory,
    MembershipFactory,
    OrganisationFactory,
    PublicReleaseFactory,
    ReleaseFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _item(release: Release, headline: str, url: str) -> CoverageItem:
    item = CoverageItem.objects.create(url=url, canonical_url=url, headline=headline)
    item.releases.add(release)
    return item


def _officer(name: str, group: str, organisation: object) -> object:
    user = UserFactory.create(username=name)
    user.groups.add(Group.objects.get(name=group))
    MembershipFactory.create(user=user, organisation=organisation)
    return user


@pytest.fixture
def setting() -> dict[str, object]:
    park = OrganisationFactory.create(name_en="Park Comms")
    agency = AgencyFactory.create(name_en="Agency A")
    issuer = IssuerFactory.create(organisation=park)
    assigned = PublicReleaseFactory.create(issuer=issuer)
    assigned.agencies.add(agency)
    other = PublicReleaseFactory.create(issuer=issuer)
    return {
        "agency": _officer("agnes", "Agency PR officer", agency),
        "park": _officer("pat", "In-house PR officer", park),
        "ours": _item(assigned, "ASSIGNEDSTORY", "https://a.example.com/1"),
        "theirs": _item(other, "OTHERSTORY", "https://a.example.com/2"),
        "assigned": assigned,
        "other": other,
    }


def test_an_agency_lists_only_coverage_of_its_releases(setting: dict) -> None:
    client = Client()
    client.force_login(setting["agency"])
    page = client.get("/admin/coverage/coverageitem/").content.decode()
    assert "ASSIGNEDSTORY" in page
    assert "OTHERSTORY" not in page
    hidden = client.get(f"/admin/coverage/coverageitem/{setting['theirs'].pk}/change/")
    assert hidden.status_code == 404


def test_the_in_house_team_sees_all_its_issuers_coverage(setting: dict) -> None:
    client = Client()
    client.force_login(setting["park"])
    page = client.get("/admin/coverage/coverageitem/").content.decode()
    assert "ASSIGNEDSTORY" in page
    assert "OTHERSTORY" in page


def test_an_agency_saving_an_item_keeps_the_releases_it_cannot_see(setting: dict) -> None:
    item = setting["ours"]
    item.releases.add(setting["other"])
    client = Client()
    client.force_login(setting["agency"])
    response = client.post(
        f"/admin/coverage/coverageitem/{item.pk}/change/",
        {"status": "confirmed", "releases": [setting["assigned"].pk], "url": item.url,
         "headline": "Renamed", "medium": "online", "tone": "positive"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    item.refresh_from_db()
    assert item.headline == "Renamed"
    assert set(item.releases.all()) == {setting["assigned"], setting["other"]}


def test_coverage_cannot_name_an_embargoed_release(setting: dict) -> None:
    embargoed = ReleaseFactory.create(
        status=Release.Status.SCHEDULED,
        release_type=Release.ReleaseType.EMBARGOED,
        embargo_until=timezone.now() + timedelta(days=1),
        issuer=setting["assigned"].issuer,
    )
    client = Client()
    client.force_login(setting["park"])
    form = client.get("/admin/coverage/coverageitem/add/").content.decode()
    assert f'value="{embargoed.pk}"' not in form
    response = client.post(
        "/admin/coverage/coverageitem/add/",
        {"status": "confirmed", "releases": [embargoed.pk], "url": "https://a.example.com/3",
         "headline": "Early", "medium": "online"},
    )  # fmt: skip
    assert response.status_code == 200  # the form again, with the error
    assert not CoverageItem.objects.filter(headline="Early").exists()


def test_the_same_story_cannot_be_added_twice(setting: dict) -> None:
    client = Client()
    client.force_login(setting["park"])
    response = client.post(
        "/admin/coverage/coverageitem/add/",
        {"status": "confirmed", "releases": [setting["assigned"].pk],
         "url": "https://www.a.example.com/1/?utm_source=mail", "headline": "Again",
         "medium": "online"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "already recorded" in response.content.decode()
    assert CoverageItem.objects.count() == 2


def test_a_proposal_is_confirmed_or_rejected_in_one_click(setting: dict) -> None:
    item = setting["ours"]
    CoverageItem.objects.filter(pk=item.pk).update(status=CoverageItem.Status.PROPOSED)
    client = Client()
    client.force_login(setting["agency"])
    listing = client.get("/admin/coverage/coverageitem/?status__exact=proposed").content.decode()
    assert f'form="decide-{item.pk}" name="status" value="rejected"' in listing
    assert f'<form id="decide-{item.pk}" method="post"' in listing
    response = client.post(
        f"/admin/coverage/coverageitem/{item.pk}/decide/", {"status": "rejected"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == CoverageItem.Status.REJECTED
    assert item.decided_by == setting["agency"]
    hidden = setting["theirs"]
    refused = client.post(
        f"/admin/coverage/coverageitem/{hidden.pk}/decide/", {"status": "confirmed"}
    )
    assert refused.status_code == 404


def test_a_capture_is_only_ever_a_download(setting: dict) -> None:
    from django.core.files.base import ContentFile

    item = setting["ours"]
    item.capture.save("page.html", ContentFile(b"<script>alert(1)</script>"))
    client = Client()
    client.force_login(setting["agency"])
    response = client.get(f"/admin/coverage/coverageitem/{item.pk}/capture/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    theirs = client.get(f"/admin/coverage/coverageitem/{setting['theirs'].pk}/capture/")
    assert theirs.status_code == 404


def test_a_journalists_page_lists_the_coverage_the_user_may_see(setting: dict) -> None:
    from tests.factories import MediaContactFactory

    journalist = MediaContactFactory.create()
    CoverageItem.objects.filter(pk__in=[setting["ours"].pk, setting["theirs"].pk]).update(
        journalist=journalist
    )
    client = Client()
    client.force_login(setting["agency"])
    page = client.get(f"/admin/contacts/mediacontact/{journalist.pk}/change/").content.decode()
    assert 'id="contact-coverage"' in page
    assert "ASSIGNEDSTORY" in page
    assert "OTHERSTORY" not in page
    client.force_login(setting["park"])
    page = client.get(f"/admin/contacts/mediacontact/{journalist.pk}/change/").content.decode()
    assert "OTHERSTORY" in page
