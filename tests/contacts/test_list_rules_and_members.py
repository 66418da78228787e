"""Lists that keep themselves current: a saved rule (beats, languages, outlet types, regions)
shows its live member count and who it takes in, also while it is being edited; static members
are added or taken off in bulk from the contact list page; an agency sees and fills only its
own lists."""

from typing import Any

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from contacts.models import DistributionList, Language, MediaContact, Outlet
from tests.contacts.conftest import client_for
from tests.factories import (
    BeatFactory,
    DistributionListFactory,
    MediaContactFactory,
    OutletFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:contacts_mediacontact_changelist")


@pytest.fixture
def desks() -> dict[str, MediaContact]:
    tech = BeatFactory.create(slug="technology", name_en="Technology")
    hk_paper = OutletFactory.create(
        name_en="Harbour Daily", kind=Outlet.Kind.NEWSPAPER, region="Hong Kong"
    )
    sz_tv = OutletFactory.create(name_en="Bay Area TV", kind=Outlet.Kind.TV, region="Shenzhen")
    sg_wire = OutletFactory.create(name_en="Lion Wire", kind=Outlet.Kind.WIRE, region="hong kong")
    return {
        "hk": MediaContactFactory.create(
            email="hk@daily.example.com",
            name_en="Ada Chan",
            name_zh_hant="陳雅",
            outlet=hk_paper,
            beats=[tech],
            preferred_language=Language.ZH_HANT,
        ),
        "sz": MediaContactFactory.create(
            email="sz@tv.example.com",
            name_en="Ben Ho",
            outlet=sz_tv,
            beats=[tech],
            preferred_language=Language.EN,
        ),
        "wire": MediaContactFactory.create(
            email="wire@wire.example.com",
            name_en="Cat Lee",
            outlet=sg_wire,
            beats=[],
            preferred_language=Language.BOTH,
        ),
        "freelance": MediaContactFactory.create(
            email="free@newsroom.test", name_en="Dan Ng", outlet=None, beats=[tech]
        ),
    }


def test_a_rule_on_regions_matches_whatever_the_case_of_the_outlets_region(
    desks: dict[str, MediaContact],
) -> None:
    distribution_list = DistributionListFactory.create(rule_regions=["Hong Kong"])
    assert sorted(distribution_list.contacts().values_list("email", flat=True)) == [
        "hk@daily.example.com",
        "wire@wire.example.com",
    ]


@pytest.mark.parametrize(
    "rule",
    [
        {"rule_regions": ["Shenzhen"]},
        {"rule_regions": ["Hong Kong"], "rule_languages": [Language.EN]},
        {"rule_outlet_kinds": [Outlet.Kind.TV, Outlet.Kind.WIRE]},
        {"rule_languages": [Language.ZH_HANT], "rule_regions": ["HONG KONG", "Shenzhen"]},
        {"beats": True},
        {"beats": True, "rule_outlet_kinds": [Outlet.Kind.NEWSPAPER]},
        {},
    ],
)
def test_the_contact_page_and_the_send_agree_on_who_a_rule_takes_in(
    desks: dict[str, MediaContact], rule: dict[str, Any]
) -> None:
    beats = list(desks["hk"].beats.all()) if rule.pop("beats", False) else []
    distribution_list = DistributionListFactory.create(rule_beats=beats, **rule)
    by_query = set(distribution_list.contacts().values_list("pk", flat=True))
    for contact in desks.values():
        by_python = distribution_list.rule_matches(
            contact,
            contact_beat_ids={beat.pk for beat in contact.beats.all()},
            rule_beat_ids={beat.pk for beat in beats},
        )
        assert by_python is (contact.pk in by_query), contact.email


def test_the_list_page_shows_the_live_count_and_who_the_rule_takes_in(
    alice: Any, desks: dict[str, MediaContact], park_list: DistributionList
) -> None:
    park_list.members.add(desks["freelance"])
    park_list.rule_regions = ["Hong Kong"]
    park_list.save()

    page = (
        client_for(alice)
        .get(reverse("admin:contacts_distributionlist_change", args=[park_list.pk]))
        .content.decode()
    )

    assert (
        "<strong>3</strong> contacts now: 1 static member and <strong>2</strong> matching the "
        "saved rule" in page
    )
    assert "Ada Chan 陳雅 &lt;hk@daily.example.com&gt;, Harbour Daily" in page
    assert "&lt;wire@wire.example.com&gt;, Lion Wire" in page
    assert 'value="Shenzhen"' in page  # regions offered are those outlets are in


def test_a_rule_being_edited_is_previewed_before_it_is_saved(
    alice: Any, desks: dict[str, MediaContact], park_list: DistributionList
) -> None:
    url = reverse("admin:contacts_distributionlist_rule_preview")
    tech = desks["hk"].beats.get()

    response = client_for(alice).post(
        url,
        {"list": park_list.pk, "rule_beats": [tech.pk], "rule_languages": ["en"]},
    )

    page = response.content.decode()
    assert "<strong>2</strong> matching the edited rule (not saved yet)" in page
    assert "Ben Ho" in page
    assert "Dan Ng" in page
    assert "Ada Chan" not in page
    park_list.refresh_from_db()
    assert park_list.rule_languages == []
    assert client_for(alice).get(url).status_code == 405


def test_contacts_are_added_to_and_removed_from_a_list_in_bulk(
    alice: Any, desks: dict[str, MediaContact], park_list: DistributionList
) -> None:
    client = client_for(alice)
    chosen = [desks["hk"].pk, desks["sz"].pk]
    park_list.members.add(desks["hk"])

    form = client.post(CHANGELIST, {"action": "add_to_list", ACTION_CHECKBOX_NAME: chosen})
    assert "Add 2 selected contacts" in form.content.decode()
    assert not park_list.members.filter(pk=desks["sz"].pk).exists()

    done = client.post(
        CHANGELIST,
        {
            "action": "add_to_list",
            ACTION_CHECKBOX_NAME: chosen,
            "apply": "1",
            "distribution_list": park_list.pk,
        },
        follow=True,
    )
    assert "Added 1 contacts to “Technology desk” (1 were on it already)." in done.content.decode()
    assert set(park_list.members.values_list("pk", flat=True)) == set(chosen)

    done = client.post(
        CHANGELIST,
        {
            "action": "remove_from_list",
            ACTION_CHECKBOX_NAME: [desks["hk"].pk],
            "apply": "1",
            "distribution_list": park_list.pk,
        },
        follow=True,
    )
    assert "Removed 1 contacts from “Technology desk”." in done.content.decode()
    assert list(park_list.members.values_list("pk", flat=True)) == [desks["sz"].pk]


def test_an_agency_fills_only_its_own_lists(
    charlie: Any,
    desks: dict[str, MediaContact],
    park_list: DistributionList,
    agency_list: DistributionList,
) -> None:
    client = client_for(charlie)
    form = client.post(
        CHANGELIST, {"action": "add_to_list", ACTION_CHECKBOX_NAME: [desks["hk"].pk]}
    )
    assert agency_list.name in form.content.decode()
    assert park_list.name not in form.content.decode()

    refused = client.post(
        CHANGELIST,
        {
            "action": "add_to_list",
            ACTION_CHECKBOX_NAME: [desks["hk"].pk],
            "apply": "1",
            "distribution_list": park_list.pk,
        },
    )
    assert "Select a valid choice" in refused.content.decode()
    assert not park_list.members.exists()

    lists_page = client.get(reverse("admin:contacts_distributionlist_changelist")).content.decode()
    assert agency_list.name in lists_page
    assert park_list.name not in lists_page
    assert (
        client.get(
            reverse("admin:contacts_distributionlist_change", args=[park_list.pk])
        ).status_code
        == 404
    )  # another organisation's list is not found


def test_the_contact_list_page_finds_a_journalist_by_either_name_or_outlet(
    alice: Any, desks: dict[str, MediaContact], park_list: DistributionList
) -> None:
    client = client_for(alice)
    for query, expected in [
        ("陳雅", "hk@daily.example.com"),
        ("ada chan", "hk@daily.example.com"),
        ("Lion Wire", "wire@wire.example.com"),
    ]:
        page = client.get(CHANGELIST, {"q": query}).content.decode()
        assert expected in page
        assert "sz@tv.example.com" not in page

    park_list.rule_regions = ["Shenzhen"]
    park_list.save()
    park_list.members.add(desks["freelance"])
    on_list = client.get(CHANGELIST, {"on_list": park_list.pk}).content.decode()
    assert "sz@tv.example.com" in on_list
    assert "free@newsroom.test" in on_list
    assert "hk@daily.example.com" not in on_list


@pytest.mark.parametrize(("persona", "status"), [("alice", 200), ("charlie", 404)])
def test_rule_preview_shows_only_a_list_the_officer_may_see(
    persona: str, status: int, park_list: DistributionList, request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(persona))
    response = client.post(
        reverse("admin:contacts_distributionlist_rule_preview"), {"list": park_list.pk}
    )
    assert response.status_code == status
