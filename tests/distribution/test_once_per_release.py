"""Exactly one email per recipient per release, not per send. Two
immediate sends of one release to overlapping lists mailed the overlap twice; now whoever an
earlier send reached is left out, the confirmation page counts them, and an officer who really
means to send again says why, which is kept with the send and on the audit log."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from audit.models import Action, AuditEntry
from contacts.models import Language
from distribution.models import Send
from distribution.services import send_schedule, sends_tick
from releases.models import Release
from tests.distribution.conftest import Sink
from tests.distribution.officers import alice, client_for
from tests.factories import DistributionListFactory, MediaContactFactory, ReleaseFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_celery")]

NOW = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)  # 1 Sep 2025 10:00 HKT
LATER = NOW + timedelta(hours=2)


def _published_release() -> Release:
    return ReleaseFactory.create(status=Release.Status.APPROVED, bilingual=True)


def _people() -> dict[str, object]:
    return {
        name: MediaContactFactory.create(
            email=f"{name}@daily.example.com", preferred_language=Language.ZH_HANT
        )
        for name in ("ann", "bo", "cy")
    }


def _tick(moment: datetime) -> None:
    with time_machine.travel(moment, tick=True):
        sends_tick()


def test_a_second_immediate_send_leaves_out_whoever_the_first_reached(smtp_sink: Sink) -> None:
    release = _published_release()
    people = _people()
    tech = DistributionListFactory.create(name="科技版", members=[people["ann"], people["bo"]])
    business = DistributionListFactory.create(name="財經版", members=[people["bo"], people["cy"]])
    with time_machine.travel(NOW, tick=False):
        send_schedule(release=release, lists=[tech], kind=Send.Kind.IMMEDIATE)
    _tick(NOW)
    with time_machine.travel(LATER, tick=False):
        second = send_schedule(release=release, lists=[business], kind=Send.Kind.IMMEDIATE)
    _tick(LATER)

    assert smtp_sink.by_address() == {
        "ann@daily.example.com": 1,
        "bo@daily.example.com": 1,  # on both lists: once
        "cy@daily.example.com": 1,
    }
    second.refresh_from_db()
    assert second.recipients_count == 1
    assert second.suppressed_count == 1


def test_the_confirmation_page_counts_them_and_sending_again_needs_a_reason(
    smtp_sink: Sink,
) -> None:
    release = _published_release()
    people = _people()
    tech = DistributionListFactory.create(name="科技版", members=[people["ann"], people["bo"]])
    with time_machine.travel(NOW, tick=False):
        send_schedule(release=release, lists=[tech], kind=Send.Kind.IMMEDIATE)
    _tick(NOW)
    officer: Client = client_for(alice())
    url = reverse("admin:distribution_send_schedule", args=[release.pk])
    choices = {"lists": [tech.pk], "kind": Send.Kind.IMMEDIATE, "at": ""}

    with time_machine.travel(LATER, tick=False):
        again = officer.post(url, choices)
        no_reason = officer.post(url, {**choices, "send_again": "on"})
        with_reason = officer.post(
            url, {**choices, "send_again": "on", "send_again_reason": "數字已更正"}
        )
        confirmed = officer.post(
            url,
            {
                **choices,
                "send_again": "on",
                "send_again_reason": "數字已更正",
                "confirm": "1",
                "confirmation": with_reason.context["confirmation"],
            },
        )

    assert dict(again.context["plan"].excluded) == {"already has the release": 2}
    assert again.context["plan"].recipients_total == 0
    assert not again.context["plan"].can_confirm  # no one new to send to
    assert "Say why those who already received this release should get it again." in (
        no_reason.content.decode()
    )
    assert with_reason.context["plan"].recipients_total == 2
    assert "數字已更正" in with_reason.content.decode()
    assert confirmed.status_code == 302
    resend = Send.objects.latest("pk")
    assert resend.send_again_reason == "數字已更正"
    assert AuditEntry.objects.filter(
        action=Action.SEND_SCHEDULED, summary__contains="數字已更正"
    ).exists()
    _tick(LATER)
    assert smtp_sink.by_address() == {"ann@daily.example.com": 2, "bo@daily.example.com": 2}
