"""Scheduling a send from a release's admin page: a form, then a confirmation page that says who
gets it, who is left out and why, in which language and when (HKT), saving nothing until the
PR officer confirms; refusals are clear and leave nothing queued."""

import uuid
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from contacts.models import Language, Suppression
from distribution.models import Send
from releases.models import Release
from tests.distribution.officers import (
    EMBARGO,
    EMBARGO_HKT,
    a_list,
    alice,
    approved_release,
    client_for,
    contacts,
    messages_of,
    newsroom_lists,
    not_staff,
    suppressed,
    table,
    text_of,
    vera,
)
from tests.factories import BeatFactory, DistributionListFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def schedule_url(release: Release) -> str:
    return reverse("admin:distribution_send_schedule", args=[release.pk])


def choices(*lists: object, kind: str = Send.Kind.IMMEDIATE, at: str = "") -> dict[str, object]:
    return {"lists": [item.pk for item in lists], "kind": kind, "at": at}  # type: ignore[attr-defined]


def confirm(client: Client, release: Release, data: dict[str, object], token: str = "") -> object:
    return client.post(
        schedule_url(release),
        {**data, "confirm": "1", "confirmation": token or uuid.uuid4().hex},
        follow=True,
    )


def test_it_offers_every_list_and_marks_those_trusted_for_embargo(officer: Client) -> None:
    release = approved_release()
    desk, editors = newsroom_lists()

    page = officer.get(schedule_url(release)).content.decode()

    text = text_of(page)
    assert f"{desk.name} ({desk.owner.name_en})" in text
    assert f"{editors.name} ({editors.owner.name_en}) trusted for embargo" in text
    assert f"{desk.name} ({desk.owner.name_en}) trusted for embargo" not in text
    assert f"an immediate release goes at {EMBARGO_HKT}, when the embargo lifts" in text
    assert "Send at (HKT)" in text


def test_the_confirmation_shows_who_gets_it_who_is_left_out_and_when(officer: Client) -> None:
    release = approved_release()
    desk, editors = newsroom_lists()

    response = officer.post(schedule_url(release), choices(desk, editors))

    assert response.status_code == 200
    page = response.content.decode()
    text = text_of(page)
    assert f"Goes out {EMBARGO_HKT}" in text
    assert f"Embargo {EMBARGO_HKT} — this send goes at the moment the embargo lifts" in text
    assert table(page, "by-list") == [
        ["List", "Contacts"],
        ["Trusted editors trusted for embargo", "2"],
        ["Technology desk", "9"],
        ["On more than one list (one email each)", "−1"],
        ["Left out (see “Left out”)", "−3"],
        ["Will receive it", "7"],
    ]
    assert table(page, "excluded") == [
        ["Why", "Contacts"],
        ["Suppressed: Unsubscribed", "2"],
        ["Contact status: Do not contact", "1"],
    ]
    assert table(page, "languages") == [
        ["Version", "Recipients"],
        ["English", "4"],
        ["繁體中文 Traditional Chinese", "2"],
        ["Both, side by side (中英對照)", "1"],
    ]
    assert "Confirm: schedule 7 emails for 1 Sep 2025 10:00 HKT" in page
    assert not Send.objects.exists()


def test_confirming_schedules_exactly_one_send(officer: Client) -> None:
    release = approved_release()
    desk, editors = newsroom_lists()
    token = uuid.uuid4().hex

    response = confirm(officer, release, choices(desk, editors), token)
    again = confirm(officer, release, choices(desk, editors), token)  # a double click

    send = Send.objects.get()
    assert response.redirect_chain[-1][0] == reverse(  # type: ignore[attr-defined]
        "admin:distribution_send_change", args=[send.pk]
    )
    assert send.status == Send.Status.SCHEDULED
    assert send.kind == Send.Kind.IMMEDIATE
    assert send.scheduled_at == EMBARGO
    assert set(send.lists.all()) == {desk, editors}
    assert send.recipients_count == 7
    assert send.created_by is not None
    assert send.created_by.username == "alice"
    assert messages_of(response) == [
        f"Scheduled: for immediate release to 7 recipients at {EMBARGO_HKT}."
    ]
    assert "already used" in messages_of(again)[0]


def test_a_double_click_landing_on_another_process_still_schedules_one_send(
    officer: Client,
) -> None:
    """The guard was a per-process cache (LocMem), so the second
    click of a double click answered by another gunicorn process scheduled a second send.
    Clearing the cache between the clicks is exactly what another process sees."""
    release = approved_release()
    desk, editors = newsroom_lists()
    token = uuid.uuid4().hex

    confirm(officer, release, choices(desk, editors), token)
    cache.clear()  # the next request is answered by a process that never saw the first
    again = confirm(officer, release, choices(desk, editors), token)

    assert Send.objects.count() == 1
    assert Send.objects.get().confirmation == uuid.UUID(token)
    assert "already used" in messages_of(again)[0]


def test_a_moment_is_typed_in_hong_kong_time(officer: Client) -> None:
    release = approved_release()
    editors = a_list("Trusted editors", contacts(2), trusted=True)

    page = officer.post(
        schedule_url(release), choices(editors, kind=Send.Kind.ADVANCE, at="2025-08-31T18:00")
    ).content.decode()
    confirm(officer, release, choices(editors, kind=Send.Kind.ADVANCE, at="2025-08-31T18:00"))

    assert "Goes out 31 Aug 2025 18:00 HKT" in text_of(page)
    assert "16 h before the embargo lifts" in text_of(page)
    send = Send.objects.get()
    assert send.scheduled_at == EMBARGO - timedelta(hours=16)
    assert send.kind == Send.Kind.ADVANCE


def test_it_warns_about_an_advance_copy_just_before_the_embargo(officer: Client) -> None:
    release = approved_release()
    editors = a_list("Trusted editors", contacts(2), trusted=True)

    page = officer.post(
        schedule_url(release), choices(editors, kind=Send.Kind.ADVANCE, at="2025-09-01T09:30")
    ).content.decode()

    assert "The advance copy goes out only 30 min before the embargo lifts" in text_of(page)
    assert "Confirm: schedule 2 emails" in page


def test_it_warns_about_one_language_an_empty_rule_and_a_second_send(officer: Client) -> None:
    release = approved_release(languages=("en",))
    desk = a_list("Technology desk", contacts(2, language=Language.ZH_HANT))
    nobody = DistributionListFactory.create(name="Space desk", rule_beats=[BeatFactory.create()])
    confirm(officer, release, choices(desk))

    text = text_of(officer.post(schedule_url(release), choices(desk, nobody)).content.decode())

    assert "The release is in English only: every recipient gets it in English" in text
    assert "“Space desk”: its saved rule matches no one today." in text
    assert "This release already has a for immediate release send" in text
    assert "anyone on both gets the release once, from whichever send goes first" in text


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        pytest.param("draft", "The release is draft, not approved.", id="release not approved"),
        pytest.param(
            "untrusted",
            "Embargoed advance copies go only to lists trusted for embargo; not trusted: "
            "Technology desk.",
            id="advance copy to an untrusted list",
        ),
        pytest.param(
            "suppressed",
            "No one to send to: all 3 contacts on these lists are suppressed, no longer active or "
            "already received this release.",
            id="everyone suppressed",
        ),
        pytest.param(
            "before embargo",
            f"The release is under embargo until {EMBARGO_HKT}: an immediate release cannot "
            "go out before then.",
            id="immediate release before the embargo",
        ),
    ],
)
def test_a_refused_send_says_why_and_queues_nothing(
    officer: Client, setup: str, message: str
) -> None:
    release = approved_release(
        status=Release.Status.DRAFT if setup == "draft" else Release.Status.APPROVED
    )
    members = (
        suppressed(3, Suppression.Reason.HARD_BOUNCE) if setup == "suppressed" else contacts(3)
    )
    desk = a_list("Technology desk", members)
    data = choices(
        desk,
        kind=Send.Kind.ADVANCE if setup == "untrusted" else Send.Kind.IMMEDIATE,
        at="2025-08-31T12:00" if setup == "before embargo" else "",
    )

    review = officer.post(schedule_url(release), data)
    forced = confirm(officer, release, data)

    review_page = review.content.decode()
    assert message in text_of(review_page)
    assert 'name="confirm"' not in review_page
    assert messages_of(forced) == [f"Nothing was scheduled. {message}"]
    assert not Send.objects.exists()
    release.refresh_from_db()
    assert release.status in {Release.Status.DRAFT, Release.Status.APPROVED}


def test_choosing_no_list_asks_for_one(officer: Client) -> None:
    release = approved_release()

    response = officer.post(schedule_url(release), {"kind": Send.Kind.IMMEDIATE, "at": ""})

    assert "Choose at least one distribution list." in text_of(response.content.decode())
    assert not Send.objects.exists()


def test_change_the_choices_goes_back_to_the_form_with_them(officer: Client) -> None:
    release = approved_release()
    desk, _editors = newsroom_lists()

    page = officer.post(schedule_url(release), {**choices(desk), "edit": "1"}).content.decode()

    assert "Review before sending" in page
    assert f'value="{desk.pk}"' in page
    assert "checked" in page
    assert not Send.objects.exists()


def test_the_release_page_links_to_scheduling_previewing_and_testing(officer: Client) -> None:
    release = approved_release()

    page = officer.get(
        reverse("admin:pressroom_release_change", args=[release.pk])
    ).content.decode()

    assert schedule_url(release) in page
    assert reverse("admin:distribution_send_preview_any", args=[release.pk]) in page
    assert reverse("admin:distribution_send_test", args=[release.pk]) in page


def test_someone_who_may_not_send_cannot_schedule() -> None:
    release = approved_release()
    desk, _editors = newsroom_lists()
    viewer = client_for(vera())

    assert viewer.get(schedule_url(release)).status_code == 403
    assert confirm(viewer, release, choices(desk)).status_code == 403  # type: ignore[attr-defined]
    assert not Send.objects.exists()


def test_someone_not_on_staff_is_sent_to_the_login_page() -> None:
    release = approved_release()
    desk, _editors = newsroom_lists()
    outsider = client_for(not_staff())

    response = outsider.get(schedule_url(release))
    confirm(outsider, release, choices(desk))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not Send.objects.exists()


def test_a_confirmation_needs_the_csrf_token() -> None:
    release = approved_release()
    desk, _editors = newsroom_lists()
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice())

    response = client.post(
        schedule_url(release),
        {**choices(desk), "confirm": "1", "confirmation": uuid.uuid4().hex},
    )

    assert response.status_code == 403
    assert not Send.objects.exists()


def test_adding_a_send_by_hand_leads_to_the_releases(officer: Client) -> None:
    response = officer.get(reverse("admin:distribution_send_add"))

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:pressroom_release_changelist")
