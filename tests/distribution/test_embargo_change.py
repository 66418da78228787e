"""Embargo changes as one event, from the admin: the advance copy went out; the embargo moves
(drafted, then approved by an in-house approver) or lifts now (one confirmed action). The
update goes only to the advance copy's recipients, in their language, in its thread; the
immediate send and the newsroom move with the embargo, through the real tick, batches and an
SMTP server on loopback, with time frozen."""

import importlib
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from audit.models import Action, AuditEntry
from audit.preferences import user_language_set
from contacts.models import Language
from distribution.followups import followup_check, followup_schedule
from distribution.models import Send
from distribution.services import send_schedule, sends_tick
from releases.models import Release
from tests.distribution.conftest import Sink
from tests.distribution.officers import (
    EMBARGO,
    a_list,
    approved_release,
    client_for,
    messages_of,
    sender,
    staff_with,
    vera,
)
from tests.factories import AgencyFactory, MediaContactFactory, MembershipFactory
from tests.personas import persona

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_celery")]

ADVANCE_AT = EMBARGO - timedelta(days=1)  # 31 Aug 2025 10:00 HKT
CHANGED_AT = EMBARGO - timedelta(hours=20)  # 31 Aug 2025 14:00 HKT
NEW_EMBARGO = EMBARGO + timedelta(days=1)  # 2 Sep 2025 10:00 HKT


def tick_at(moment: datetime) -> None:
    with time_machine.travel(moment, tick=False):
        sends_tick()


@pytest.fixture
def advance_sent(smtp_sink: Sink) -> dict[str, Any]:
    """An embargoed release: its advance copy went to the trusted editors (ann in English, bo
    in Chinese, cy in both) a day before the embargo; the immediate release is scheduled for the
    embargo to them and the business desk (dan, eve); a second advance copy, for the night
    desk, is scheduled an hour before the embargo."""
    ann = MediaContactFactory.create(email="ann@daily.example.com", preferred_language=Language.EN)
    bo = MediaContactFactory.create(
        email="bo@daily.example.com", preferred_language=Language.ZH_HANT
    )
    cy = MediaContactFactory.create(email="cy@daily.example.com", preferred_language=Language.BOTH)
    desk = [MediaContactFactory.create(email=f"{n}@biz.example.com") for n in ("dan", "eve")]
    night = MediaContactFactory.create(email="night@daily.example.com")
    release = approved_release(release_date=EMBARGO.date())
    release.approved_hash = release.content_hash()
    release.save()
    editors = a_list("Trusted editors", [ann, bo, cy], trusted=True)
    with time_machine.travel(ADVANCE_AT - timedelta(hours=1), tick=False):
        advance = send_schedule(release=release, lists=[editors], kind="advance", at=ADVANCE_AT)
        immediate = send_schedule(
            release=release, lists=[editors, a_list("Business desk", desk)], kind="immediate"
        )
        late_advance = send_schedule(
            release=release,
            lists=[a_list("Night desk", [night], trusted=True)],
            kind="advance",
            at=EMBARGO - timedelta(hours=1),
        )
    tick_at(ADVANCE_AT)
    assert smtp_sink.by_address() == {ann.email: 1, bo.email: 1, cy.email: 1}
    return {
        "release": release,
        "advance": advance,
        "immediate": immediate,
        "late_advance": late_advance,
        "sink": smtp_sink,
    }


def newsroom_status(release: Release, at: datetime) -> int:
    with time_machine.travel(at, tick=False):
        url = reverse("newsroom:release-by-id", kwargs={"pk": release.pk})
        return Client().get(url, follow=True).status_code


def body(message: Any) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def _draft(client: Client, release: Release, moment: str) -> Any:
    url = reverse("admin:distribution_send_embargo", args=[release.pk])
    return client.post(url, {"embargo_to": moment})


def test_a_moved_embargo_is_drafted_approved_and_moves_the_sends_and_the_newsroom(
    advance_sent: dict[str, Any],
) -> None:
    sink: Sink = advance_sent["sink"]
    release: Release = advance_sent["release"]
    officer, approver = client_for(sender()), client_for(persona("bob"))
    with time_machine.travel(CHANGED_AT, tick=False):
        drafted = _draft(officer, release, "2025-09-02T10:00")
        assert drafted.status_code == 302
        update = Send.objects.get(kind=Send.Kind.EMBARGO_UPDATE)
        assert update.status == Send.Status.DRAFT
        page = officer.get(drafted["Location"]).content.decode()
        assert "EMBARGO CHANGED TO 2 Sep 2025 10:00 HKT" in page
        assert "Only an in-house approver can approve an embargo change." in page
        # Nothing moves until it is approved.
        refused = officer.post(drafted["Location"], {"approve": "1"})
        assert any(
            "Only an in-house approver" in text
            for text in messages_of(officer.get(refused["Location"]))
        )
        release.refresh_from_db()
        assert release.embargo_until == EMBARGO

        approved = approver.post(drafted["Location"], {"approve": "1"})
        assert approved.status_code == 302
    release.refresh_from_db()
    assert release.embargo_until == NEW_EMBARGO
    assert release.release_date == date(2025, 9, 2)  # the dateline follows the embargo's day
    assert release.status == Release.Status.SCHEDULED
    assert release.approved_hash == release.content_hash()  # still approved, at its new time
    immediate = Send.objects.get(pk=advance_sent["immediate"].pk)
    assert immediate.scheduled_at == NEW_EMBARGO
    assert Send.objects.get(pk=advance_sent["late_advance"].pk).status == Send.Status.SCHEDULED
    assert AuditEntry.objects.filter(action=Action.CHANGED, object_id=str(release.pk)).exists()

    tick_at(CHANGED_AT + timedelta(seconds=1))
    # The update: only to the advance copy's three recipients, each in their language, in the
    # advance copy's thread.
    assert sink.by_address() == {
        "ann@daily.example.com": 2,
        "bo@daily.example.com": 2,
        "cy@daily.example.com": 2,
    }
    for address in ("ann@daily.example.com", "bo@daily.example.com", "cy@daily.example.com"):
        advance_copy, news = sink.messages_to(address)
        assert news["In-Reply-To"] == advance_copy["Message-ID"]
        assert news["References"] == advance_copy["Message-ID"]
    ann_news = sink.messages_to("ann@daily.example.com")[1]
    assert ann_news["Subject"].startswith("EMBARGO CHANGED TO 2 Sep 2025 10:00 HKT")
    assert "from 1 Sep 2025 10:00 HKT to 2 Sep 2025 10:00 HKT" in body(ann_news)
    bo_news = sink.messages_to("bo@daily.example.com")[1]
    assert "現改為禁止發布至 2025 年 9 月 2 日 10:00 HKT" in body(bo_news)
    assert "The embargo" not in body(bo_news)
    cy_text = body(sink.messages_to("cy@daily.example.com")[1])
    assert "2025 年 9 月 2 日 10:00 HKT" in cy_text
    assert "2 Sep 2025 10:00 HKT" in cy_text

    # The night desk's advance copy still goes, an hour before the old embargo, and names the
    # new one.
    tick_at(EMBARGO - timedelta(hours=1))
    (night_copy,) = sink.messages_to("night@daily.example.com")
    assert "EMBARGOED UNTIL 2 Sep 2025 10:00 HKT" in night_copy["Subject"]
    # At the old embargo: nothing is refused and nothing leaks.
    tick_at(EMBARGO)
    assert Send.objects.get(pk=immediate.pk).status == Send.Status.SCHEDULED
    assert newsroom_status(release, EMBARGO + timedelta(minutes=1)) == 404
    assert sink.count() == 7
    # At the new one, the release goes to everyone on its lists and appears on the newsroom.
    assert newsroom_status(release, NEW_EMBARGO - timedelta(seconds=1)) == 404
    tick_at(NEW_EMBARGO)
    assert Send.objects.get(pk=immediate.pk).status == Send.Status.SENT
    assert sink.by_address()["dan@biz.example.com"] == 1
    assert sink.by_address()["ann@daily.example.com"] == 3
    assert newsroom_status(release, NEW_EMBARGO) == 200


def test_an_embargo_moved_earlier_cancels_advance_copies_that_would_now_be_too_late(
    advance_sent: dict[str, Any],
) -> None:
    release: Release = advance_sent["release"]
    with time_machine.travel(CHANGED_AT, tick=False):
        drafted = _draft(client_for(sender()), release, "2025-08-31T20:00")  # 12:00 UTC
        client_for(persona("bob")).post(drafted["Location"], {"approve": "1"})
    late = Send.objects.get(pk=advance_sent["late_advance"].pk)
    assert late.status == Send.Status.CANCELLED
    assert "The embargo moved to 31 Aug 2025 20:00 HKT" in late.status_reason
    immediate = Send.objects.get(pk=advance_sent["immediate"].pk)
    assert immediate.scheduled_at == datetime(2025, 8, 31, 12, 0, tzinfo=UTC)


def test_lift_now_is_one_confirmed_action_and_the_newsroom_shows_it_right_after(
    advance_sent: dict[str, Any],
) -> None:
    sink: Sink = advance_sent["sink"]
    release: Release = advance_sent["release"]
    approver = client_for(persona("bob"))
    url = reverse("admin:distribution_send_embargo_lift", args=[release.pk])
    assert newsroom_status(release, CHANGED_AT) == 404
    with time_machine.travel(CHANGED_AT, tick=False):
        confirm = approver.get(url)
        assert confirm.status_code == 200
        assert confirm.context["plan"]["recipients"] == 3
        lifted = approver.post(url, {"confirm": "1", "seen": confirm.context["seen"]})
        assert lifted.status_code == 302
    release.refresh_from_db()
    assert release.embargo_until == CHANGED_AT
    assert newsroom_status(release, CHANGED_AT - timedelta(seconds=1)) == 404
    assert newsroom_status(release, CHANGED_AT) == 200
    # The dateline was the embargo's day: it is the day the release went out now.
    assert release.release_date == date(2025, 8, 31)
    with time_machine.travel(CHANGED_AT, tick=False):
        url = reverse("newsroom:release-by-id", kwargs={"pk": release.pk})
        page = Client().get(url, follow=True).content.decode()
    assert "Hong Kong, 31 August 2025" in page
    assert Send.objects.get(pk=advance_sent["late_advance"].pk).status == Send.Status.CANCELLED

    tick_at(CHANGED_AT + timedelta(seconds=1))
    counts = sink.by_address()
    assert counts["dan@biz.example.com"] == 1  # the immediate release, now
    assert counts["ann@daily.example.com"] == 3  # advance copy, "lifted", the release
    assert "night@daily.example.com" not in counts
    (lifted_news,) = [
        m for m in sink.messages_to("ann@daily.example.com") if m["In-Reply-To"] is not None
    ]
    assert lifted_news["Subject"].startswith("EMBARGO LIFTED")
    (bo_news,) = [
        m for m in sink.messages_to("bo@daily.example.com") if m["In-Reply-To"] is not None
    ]
    assert bo_news["Subject"].startswith("禁止發布已解除")
    (dan_message,) = sink.messages_to("dan@biz.example.com")
    assert dan_message["In-Reply-To"] is None
    assert "For immediate release" in body(dan_message)
    assert "HONG KONG, 31 August 2025" in body(dan_message)
    assert Send.objects.get(pk=advance_sent["immediate"].pk).status == Send.Status.SENT
    assert release.sends.get(kind=Send.Kind.EMBARGO_UPDATE).recipients_count == 3


# --- Refusals ---------------------------------------------------------------------------------


def test_lift_now_without_the_confirmation_or_from_a_stale_page_changes_nothing(
    advance_sent: dict[str, Any],
) -> None:
    release: Release = advance_sent["release"]
    approver = client_for(persona("bob"))
    url = reverse("admin:distribution_send_embargo_lift", args=[release.pk])
    with time_machine.travel(CHANGED_AT, tick=False):
        forged = approver.post(url, {"seen": EMBARGO.isoformat()})
        assert forged.status_code == 400
        assert "confirm from the confirmation page" in messages_of(forged)[0]
        stale = approver.post(url, {"confirm": "1", "seen": NEW_EMBARGO.isoformat()})
        assert stale.status_code == 400
        assert "changed since you opened this page" in messages_of(stale)[0]
    release.refresh_from_db()
    assert release.embargo_until == EMBARGO
    assert not Send.objects.filter(kind=Send.Kind.EMBARGO_UPDATE).exists()


def test_only_an_approver_lifts_and_only_a_sender_opens_the_embargo_page(
    advance_sent: dict[str, Any],
) -> None:
    release: Release = advance_sent["release"]
    lift = reverse("admin:distribution_send_embargo_lift", args=[release.pk])
    with time_machine.travel(CHANGED_AT, tick=False):
        by_officer = client_for(sender()).post(lift, {"confirm": "1", "seen": EMBARGO.isoformat()})
        assert "Only an in-house approver can lift" in messages_of(by_officer)[0]
        page = reverse("admin:distribution_send_embargo", args=[release.pk])
        assert client_for(vera()).get(page).status_code == 403
        assert client_for(vera()).post(page, {"embargo_to": "2025-09-02T10:00"}).status_code == 403
    release.refresh_from_db()
    assert release.embargo_until == EMBARGO


def test_the_drafter_cannot_approve_their_own_change_and_a_stale_draft_is_refused(
    advance_sent: dict[str, Any],
) -> None:
    release: Release = advance_sent["release"]
    approver = client_for(persona("bob"))
    with time_machine.travel(CHANGED_AT, tick=False):
        own = _draft(approver, release, "2025-09-02T10:00")
        response = approver.post(own["Location"], {"approve": "1"})
        assert any(
            "two-person rule" in text for text in messages_of(approver.get(response["Location"]))
        )
        first = own["Location"]
        newer = _draft(client_for(sender()), release, "2025-09-03T10:00")
        stale = client_for(persona("erin"))  # another in-house officer, in an older tab
        refused = stale.post(first, {"approve": "1"})
        assert any(
            "already approved, replaced or discarded" in text
            for text in messages_of(stale.get(first))
        )
        assert refused.status_code == 302
        stale.post(newer["Location"], {"approve": "1"})
    release.refresh_from_db()
    assert release.embargo_until == EMBARGO + timedelta(days=2)


def test_a_time_that_is_not_a_time_or_has_passed_is_refused_with_a_message(
    advance_sent: dict[str, Any],
) -> None:
    release: Release = advance_sent["release"]
    officer = client_for(sender())
    with time_machine.travel(CHANGED_AT, tick=False):
        garbage = _draft(officer, release, "next tuesday")
        assert garbage.status_code == 400
        assert "Type the new embargo time as a date and a time." in garbage.content.decode()
        past = _draft(officer, release, "2025-08-30T10:00")
        assert past.status_code == 400
        assert "The new embargo time has passed" in messages_of(past)[0]
    assert not Send.objects.filter(kind=Send.Kind.EMBARGO_UPDATE).exists()


def test_a_release_whose_advance_copy_went_nowhere_has_nothing_to_update(smtp_sink: Sink) -> None:
    release = approved_release()
    with time_machine.travel(CHANGED_AT, tick=False):
        page = client_for(sender()).get(
            reverse("admin:distribution_send_embargo", args=[release.pk])
        )
    assert "No advance copy of this release has reached anyone" in page.content.decode()


ROLES = importlib.import_module("distribution.migrations.0003_roles")


def _role(name: str) -> Group:
    """The role as its migration makes it (a transactional test's flush took the migration's)."""
    group, _created = Group.objects.get_or_create(name=name)
    approver = name == ROLES.IN_HOUSE_APPROVER
    labels = ROLES.APPROVER_EXTRA if approver else ROLES.AGENCY_PERMISSIONS
    permissions = [
        Permission.objects.get(content_type__app_label=app, codename=code)
        for app, code in (label.split(".") for label in labels)
    ]
    if approver:
        permissions += Permission.objects.filter(
            content_type__app_label__in=ROLES.APPS, codename__startswith="view_"
        )
    group.permissions.set(permissions)
    return group


def _member(username: str, group: str, organisation: Any, *extra: str) -> Any:
    user = staff_with(username, list(extra))
    user.groups.add(_role(group))
    MembershipFactory.create(user=user, organisation=organisation)
    return user


def test_the_in_house_approver_role_lifts_an_embargo_and_another_agency_sees_none_of_it(
    advance_sent: dict[str, Any],
) -> None:
    release: Release = advance_sent["release"]
    ida = _member("ida", "In-house approver", release.issuer.organisation)
    user_language_set(user=ida, language="zh-hant")  # she reads the admin in Chinese
    approver = client_for(ida)
    # An agency not assigned to the release, even with every sending permission, finds nothing.
    outsider = client_for(
        _member("otto", "Agency PR officer", AgencyFactory.create(), "distribution.add_send",
                "distribution.view_delivery", "pressroom.approve_release")
    )  # fmt: skip
    lift = reverse("admin:distribution_send_embargo_lift", args=[release.pk])
    with time_machine.travel(CHANGED_AT, tick=False):
        for url in (
            reverse("admin:distribution_send_embargo", args=[release.pk]),
            lift,
            reverse("admin:distribution_send_follow_up", args=[advance_sent["advance"].pk]),
        ):
            assert outsider.get(url).status_code == 404
            assert outsider.post(url, {"confirm": "1"}).status_code == 404
        assert outsider.post(lift, {"confirm": "1", "seen": EMBARGO.isoformat()}).status_code == 404
        release.refresh_from_db()
        assert release.embargo_until == EMBARGO

        page = approver.get(lift)
        assert page.status_code == 200
        approver.post(lift, {"confirm": "1", "seen": page.context["seen"]})
    release.refresh_from_db()
    assert release.embargo_until == CHANGED_AT
    entry = AuditEntry.objects.get(action=Action.APPROVED, object_id=str(
        release.sends.get(kind=Send.Kind.EMBARGO_UPDATE).pk
    ))  # fmt: skip
    assert entry.actor_name
    assert "lifted now" in entry.summary
    # The log reads the same whoever acts: not 「2025年9月1日」 for a Chinese admin.
    assert "2025-09-01 10:00 HKT -> 2025-08-31 14:00 HKT" in entry.summary
    assert "年" not in entry.summary


def test_a_follow_up_of_the_advance_copy_is_an_advance_copy_and_only_before_the_embargo(
    advance_sent: dict[str, Any],
) -> None:
    sink: Sink = advance_sent["sink"]
    advance: Send = advance_sent["advance"]
    with time_machine.travel(CHANGED_AT, tick=False):
        followup_schedule(parent=advance, audience=Send.Audience.NOT_OPENED)
    tick_at(CHANGED_AT + timedelta(seconds=1))
    again = sink.messages_to("ann@daily.example.com")[1]
    assert again["Subject"].startswith("EMBARGOED UNTIL 1 Sep 2025 10:00 HKT")
    assert again["In-Reply-To"] == sink.messages_to("ann@daily.example.com")[0]["Message-ID"]
    with time_machine.travel(EMBARGO + timedelta(hours=1), tick=False):
        plan = followup_check(parent=advance, audience=Send.Audience.FAILED_CORRECTED)
    assert plan.errors[0].startswith("The embargo lifted at 1 Sep 2025 10:00 HKT")


def test_a_discarded_draft_cannot_be_approved(advance_sent: dict[str, Any]) -> None:
    release: Release = advance_sent["release"]
    officer = client_for(sender())
    approver = client_for(persona("bob"))
    with time_machine.travel(CHANGED_AT, tick=False):
        drafted = _draft(officer, release, "2025-09-02T10:00")
        officer.post(drafted["Location"], {"discard": "1"})
        approver.post(drafted["Location"], {"approve": "1"})
        page = approver.get(drafted["Location"])
    assert any("already approved, replaced or discarded" in text for text in messages_of(page))
    release.refresh_from_db()
    assert release.embargo_until == EMBARGO
    assert Send.objects.get(kind=Send.Kind.EMBARGO_UPDATE).status == Send.Status.CANCELLED
