"""The leak report on a crafted access log: an advance copy of a release under embargo went to
trusted editors on Saturday; the embargo lifts on Monday. Some editors used their links as they
should (their mail gateway scanning on arrival, themselves from their office, later from their
phone); some links turn up on other networks, before the embargo or after it. The report flags
those and only those, with each recipient's timeline; the clicks come from real requests through
the /l/ view where the networks matter, and the page is scoped like the results page."""

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from audit.preferences import user_language_set
from contacts.models import MediaContact
from distribution.leaks import network_hash, release_leaks
from distribution.models import AssetClick, Delivery, Send
from distribution.tokens import asset_token
from releases.models import Asset, Release
from tests.distribution.officers import (
    EMBARGO,
    NOW,
    agency_officer,
    alice,
    approved_release,
    client_for,
    sends_reader,
)
from tests.factories import (
    AgencyFactory,
    AssetClickFactory,
    AssetFactory,
    DeliveryFactory,
    MediaContactFactory,
    SendFactory,
)

pytestmark = pytest.mark.django_db

SENT = NOW  # Saturday 30 Aug 2025 12:00 HKT; the embargo lifts Monday 1 Sep 10:00 HKT
BROWSER = "Mozilla/5.0 (Macintosh) Safari/605.1.15"
SCANNER = "Mimecast-Scanner/2.0"
OFFICE, HOME, GATEWAY = "203.0.113.10", "198.51.100.7", "192.0.2.25"
ELSEWHERE = ["100.64.1.9", "100.64.2.9", "100.64.3.9", "100.64.4.9"]


@pytest.fixture
def release() -> Release:
    return approved_release(status=Release.Status.SCHEDULED)


@pytest.fixture
def asset(release: Release) -> Asset:
    return AssetFactory.create(
        release=release, caption_en="Chairman at the podium", external_url="https://x.test/a"
    )


@pytest.fixture
def advance(release: Release) -> Send:
    return SendFactory.create(
        release=release, kind=Send.Kind.ADVANCE, status=Send.Status.SENT, started_at=SENT
    )


def editor(send: Send, name: str) -> Delivery:
    contact = MediaContactFactory.create(name_en=name, email=f"{name.lower()}@example.com")
    return DeliveryFactory.create(
        send=send, contact=contact, status=Delivery.Status.SENT, sent_at=SENT
    )


def visit(
    delivery: Delivery, asset: Asset, at: datetime, address: str, *, machine: str = ""
) -> AssetClick:
    """One line of the crafted access log."""
    return AssetClickFactory.create(
        delivery=delivery,
        asset=asset,
        clicked_at=at,
        user_agent=SCANNER if machine else BROWSER,
        network_hash=network_hash(address),
        is_machine=bool(machine),
        machine_reason=machine,
    )


def flagged(release: Release) -> dict[str, list[str]]:
    return {suspect.delivery.email: suspect.reasons for suspect in release_leaks(release=release)}


# --- The crafted access log --------------------------------------------------------------------


def test_an_editor_reading_from_office_and_phone_with_their_gateway_scanning_is_not_flagged(
    release: Release, asset: Asset, advance: Send
) -> None:
    ann = editor(advance, "Ann")
    visit(ann, asset, SENT + timedelta(seconds=2), GATEWAY, machine="too soon after sending")
    visit(ann, asset, SENT + timedelta(hours=1), OFFICE)  # before the embargo: it is hers
    visit(ann, asset, SENT + timedelta(hours=30), OFFICE)
    # After the embargo: from home, and the gateway checking the link again at click time.
    visit(ann, asset, EMBARGO + timedelta(hours=2), HOME)
    visit(ann, asset, EMBARGO + timedelta(hours=2, seconds=1), GATEWAY, machine="scanner agent")

    assert flagged(release) == {}


def test_a_link_used_before_the_embargo_from_another_network_is_flagged_with_its_timeline(
    release: Release, asset: Asset, advance: Send
) -> None:
    editor(advance, "Ann")  # no visits at all
    lee = editor(advance, "Lee")
    visit(lee, asset, SENT + timedelta(seconds=3), GATEWAY, machine="too soon after sending")
    visit(lee, asset, SENT + timedelta(hours=2), OFFICE)
    forwarded = visit(lee, asset, SENT + timedelta(hours=5), ELSEWHERE[0])
    # Another organisation's scanner, on the message forwarded to it: not Lee's gateway.
    scanned = visit(lee, asset, SENT + timedelta(hours=5, minutes=1), ELSEWHERE[1], machine="x")

    [suspect] = release_leaks(release=release)

    assert suspect.delivery == lee
    assert suspect.reasons == [
        "Links used from 3 different networks.",  # the gateway's is not counted
        "2 visits before the embargo, not by the recipient or their mail gateway.",
    ]
    assert [v.click for v in suspect.visits if v.suspicious] == [forwarded, scanned]
    assert [(v.network, v.before_embargo, v.arrival_scan) for v in suspect.visits] == [
        (1, True, True),
        (2, True, False),
        (3, True, False),
        (4, True, False),
    ]
    assert suspect.first_suspicious == forwarded.clicked_at


def test_a_link_fetched_before_the_embargo_only_by_a_strangers_machine_is_flagged(
    release: Release, asset: Asset, advance: Send
) -> None:
    """One network, no person: not the recipient, and too late to be their gateway on arrival."""
    ray = editor(advance, "Ray")
    visit(ray, asset, SENT + timedelta(hours=3), ELSEWHERE[2], machine="scanner agent (curl)")
    visit(ray, asset, SENT + timedelta(hours=4), ELSEWHERE[2], machine="scanner agent (curl)")

    assert flagged(release) == {
        "ray@example.com": [
            "2 visits before the embargo, not by the recipient or their mail gateway."
        ]
    }


def test_a_link_used_from_many_networks_after_the_embargo_is_flagged_from_the_threshold(
    release: Release, asset: Asset, advance: Send, settings: Any
) -> None:
    settings.LEAK_NETWORKS_THRESHOLD = 4
    sam = editor(advance, "Sam")
    ben = editor(advance, "Ben")
    visit(sam, asset, EMBARGO - timedelta(hours=1), OFFICE)
    for hours, address in enumerate(ELSEWHERE[:3], start=1):
        visit(sam, asset, EMBARGO + timedelta(hours=hours), address)
    visit(ben, asset, EMBARGO + timedelta(hours=1), OFFICE)
    for hours, address in enumerate(ELSEWHERE[:2], start=2):  # three networks: under 4
        visit(ben, asset, EMBARGO + timedelta(hours=hours), address)

    assert flagged(release) == {"sam@example.com": ["Links used from 4 different networks."]}
    settings.LEAK_NETWORKS_THRESHOLD = 3
    assert set(flagged(release)) == {"sam@example.com", "ben@example.com"}


def test_addresses_in_one_office_or_one_home_line_are_one_network() -> None:
    assert network_hash("203.0.113.10") == network_hash("203.0.113.250")
    assert network_hash("203.0.113.10") != network_hash("203.0.114.10")
    assert network_hash("::ffff:203.0.113.9") == network_hash("203.0.113.10")
    assert network_hash("2001:db8:1:2::1") == network_hash("2001:db8:1:ffff::9")
    assert network_hash("2001:db8:1:2::1") != network_hash("2001:db8:2:2::1")
    assert network_hash("") == network_hash("unknown") == ""
    assert "203.0.113" not in network_hash("203.0.113.10")


# --- Real requests through the /l/ view -------------------------------------------------------


@pytest.fixture
def saturday() -> Iterator[Any]:
    with time_machine.travel(SENT + timedelta(hours=1), tick=False) as traveller:
        yield traveller


def browser_click(url: str, address: str) -> None:
    """A person's browser on its own network: the first visit, the cookie check, the asset."""
    client = Client(REMOTE_ADDR=address)
    check = client.get(url, headers={"user-agent": BROWSER})
    assert check.status_code == 302
    assert client.get(check["Location"], headers={"user-agent": BROWSER}).status_code == 302


def test_real_clicks_from_three_networks_before_the_embargo_are_flagged(
    release: Release, asset: Asset, advance: Send, saturday: Any
) -> None:
    lee = editor(advance, "Lee")
    ann = editor(advance, "Ann")
    lee_link = f"/l/{asset_token(lee.pk, asset.pk)}/"
    ann_link = f"/l/{asset_token(ann.pk, asset.pk)}/"
    browser_click(lee_link, OFFICE)
    browser_click(ann_link, "203.0.113.77")  # Ann sits in the same office as Lee
    saturday.shift(timedelta(hours=3))
    browser_click(ann_link, "203.0.113.200")  # another desk, the same office
    browser_click(lee_link, ELSEWHERE[0])
    browser_click(lee_link, "2001:db8:77::1")

    assert AssetClick.objects.filter(is_machine=False).count() == 5
    [suspect] = release_leaks(release=release)
    assert suspect.delivery == lee
    assert suspect.networks == 3
    assert suspect.reasons == [
        "Links used from 3 different networks.",
        "2 visits before the embargo, not by the recipient or their mail gateway.",
    ]


# --- The admin page, and who may see it --------------------------------------------------------


def leaks_url(release: Release) -> str:
    return reverse("admin:distribution_send_leaks", args=[release.pk])


def a_leak(release: Release, asset: Asset, advance: Send) -> Delivery:
    lee = editor(advance, "Lee")
    visit(lee, asset, SENT + timedelta(hours=2), OFFICE)
    visit(lee, asset, SENT + timedelta(hours=5), ELSEWHERE[0])
    ann = editor(advance, "Ann")
    visit(ann, asset, SENT + timedelta(hours=2), HOME)
    return lee


@pytest.mark.usefixtures("saturday")
def test_the_page_lists_the_flagged_recipient_with_the_timeline_in_hong_kong_time(
    release: Release, asset: Asset, advance: Send
) -> None:
    lee = a_leak(release, asset, advance)

    page = client_for(alice()).get(leaks_url(release)).content.decode()

    assert f'id="suspect-{lee.pk}"' in page
    assert "lee@example.com" in page
    assert "ann@example.com" not in page
    assert "1 visit before the embargo, not by the recipient or their mail gateway." in page
    assert "30 Aug 2025 14:00:00 HKT" in page  # Lee at the office, 12:00 HKT + 2 hours
    assert 'class="suspicious"><td>30 Aug 2025 17:00:00 HKT' in page
    assert "sent 30 Aug 2025 12:00 HKT" in page
    assert "1 Sep 2025 10:00 HKT" in page  # the embargo


@pytest.mark.usefixtures("saturday")
def test_the_chinese_page_gives_chinese_captions_and_names_and_hong_kong_time(
    release: Release, asset: Asset, advance: Send
) -> None:
    Asset.objects.filter(pk=asset.pk).update(caption_zh_hant="主席致辭")
    lee = a_leak(release, asset, advance)
    assert lee.contact is not None
    MediaContact.objects.filter(pk=lee.contact.pk).update(name_zh_hant="李思穎")
    officer = alice()
    user_language_set(user=officer, language="zh-hant")

    page = client_for(officer).get(leaks_url(release)).content.decode()

    assert "<td>主席致辭</td>" in page
    assert "Chairman at the podium" not in page
    assert "李思穎" in page
    assert "2025年8月30日 14:00:00 HKT" in page


@pytest.mark.usefixtures("saturday")
def test_a_page_with_nothing_suspicious_says_so(release: Release, asset: Asset) -> None:
    page = client_for(alice()).get(leaks_url(release)).content.decode()

    assert 'id="no-suspects"' in page


@pytest.mark.usefixtures("saturday")
def test_the_results_page_links_to_the_leak_report(release: Release, advance: Send) -> None:
    page = (
        client_for(alice())
        .get(reverse("admin:distribution_send_results", args=[advance.pk]))
        .content.decode()
    )

    assert leaks_url(release) in page


@pytest.mark.usefixtures("saturday")
def test_someone_who_may_not_see_recipients_is_refused(release: Release) -> None:
    assert client_for(sends_reader()).get(leaks_url(release)).status_code == 403


@pytest.mark.usefixtures("saturday")
def test_an_agency_sees_the_report_of_its_release_and_not_another_agencys(
    release: Release, asset: Asset, advance: Send
) -> None:
    a_leak(release, asset, advance)
    ours, theirs = AgencyFactory.create(name_en="Agency A"), AgencyFactory.create()
    release.agencies.add(ours)

    assigned = client_for(agency_officer(ours)).get(leaks_url(release))
    outsider = client_for(agency_officer(theirs)).get(leaks_url(release))

    assert assigned.status_code == 200
    assert "lee@example.com" in assigned.content.decode()
    assert outsider.status_code == 404
    assert "lee@example.com" not in outsider.content.decode()
