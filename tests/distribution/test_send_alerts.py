"""The officer who scheduled a send is emailed when it stops early, fails or ends with failed
deliveries: once per event, in their language, through the configured email service, naming
the release, the reason and the send page; never a journalist."""

from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail

from audit.preferences import user_language_set
from distribution.alerts import alerts_deliver
from distribution.models import Send
from distribution.services import send_resume, send_schedule, send_stop, sends_tick
from releases.models import Release
from tests.distribution.esp_standins import ESP, Postmark, serving
from tests.distribution.officers import alice
from tests.distribution.test_esp_real_backends import NOW, use
from tests.factories import DistributionListFactory, MediaContactFactory, ReleaseFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_celery")]

JOURNALISTS = ["gone@daily.example.com", "one@daily.example.com", "two@wire.example.com"]


@pytest.fixture
def postmark(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Postmark]:
    with serving("postmark") as stand_in:
        use(stand_in, settings, monkeypatch)
        assert isinstance(stand_in, Postmark)
        yield stand_in


def officer(language: str = "") -> Any:
    user = alice()
    user.email = "alice@pressroom.example.com"
    user.save()
    if language:
        user_language_set(user=user, language=language)
    return user


def scheduled_by(user: Any, addresses: list[str]) -> Send:
    release = ReleaseFactory.create(status=Release.Status.APPROVED, bilingual=True)
    team = DistributionListFactory.create(
        members=[MediaContactFactory.create(email=address) for address in addresses]
    )
    with time_machine.travel(NOW, tick=True):
        send = send_schedule(release=release, lists=[team], kind=Send.Kind.IMMEDIATE, by=user)
        sends_tick()
    send.refresh_from_db()
    return send


def received(esp: ESP) -> Counter[str]:
    return Counter(message.to[0] for message in esp.asked())


def test_the_officer_is_emailed_once_when_deliveries_fail(postmark: Postmark) -> None:
    postmark.refused_recipients = {"gone@daily.example.com"}
    send = scheduled_by(officer(), JOURNALISTS)
    assert send.status_label() == "Sent, 1 failed"

    with time_machine.travel(NOW, tick=True):
        assert alerts_deliver() == 1
        assert alerts_deliver() == 0  # the next beat: already told
        sends_tick()
        assert alerts_deliver() == 0

    # Through the configured service (the Postmark stand-in): the journalists got their release
    # once, the officer one alert, and no journalist an alert.
    assert received(postmark) == Counter(
        ["one@daily.example.com", "two@wire.example.com", "alice@pressroom.example.com"]
    )
    alert = next(m for m in postmark.asked() if m.to == ["alice@pressroom.example.com"])
    headline = send.release.headline("en")
    assert alert.subject == f"Sent, 1 failed: {headline}"
    assert "marked as inactive" in alert.text  # the reason
    assert f"/admin/distribution/send/{send.pk}/change/" in alert.text
    assert "Retry failed deliveries" in alert.text


def test_the_alert_reads_in_the_officers_language(postmark: Postmark) -> None:
    postmark.refused_recipients = set(JOURNALISTS)
    send = scheduled_by(officer("zh-hant"), JOURNALISTS)
    assert send.status == Send.Status.FAILED

    with time_machine.travel(NOW, tick=True):
        assert alerts_deliver() == 1

    (alert,) = [m for m in postmark.asked() if m.to == ["alice@pressroom.example.com"]]
    headline = send.release.headline("zh-hant")
    assert alert.subject == f"失敗：{headline}"
    assert "所有發送均告失敗" in alert.text
    assert "重試失敗的發送" in alert.text
    assert received(postmark) == Counter(["alice@pressroom.example.com"])


def test_a_send_stopped_early_alerts_once_per_stop(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = officer()
    release = ReleaseFactory.create(status=Release.Status.APPROVED, bilingual=True)
    team = DistributionListFactory.create(members=[MediaContactFactory.create()])
    with time_machine.travel(NOW, tick=True):
        send = send_schedule(release=release, lists=[team], kind=Send.Kind.IMMEDIATE, by=user)
        Send.objects.filter(pk=send.pk).update(status=Send.Status.SENDING)
        assert send_stop(send=send, reason="Postmark refused the credentials (HTTP 401)")
        assert alerts_deliver() == 1
        assert alerts_deliver() == 0

    (alert,) = mail.outbox
    assert alert.to == ["alice@pressroom.example.com"]
    assert alert.subject == f"Send stopped: {release.headline('en')}"
    assert "refused the credentials (HTTP 401)" in alert.body
    assert "resume the send" in alert.body

    # Resumed, and stopped again: a new event, a new email.
    with time_machine.travel(NOW, tick=True):
        assert send_resume(send=send)
        Send.objects.filter(pk=send.pk).update(status=Send.Status.SENDING)
        assert send_stop(send=send, reason="Postmark refused the credentials (HTTP 401)")
        assert alerts_deliver() == 1
    assert len(mail.outbox) == 2


def test_a_send_that_missed_its_moment_alerts_the_officer(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = officer()
    release = ReleaseFactory.create(status=Release.Status.APPROVED, bilingual=True)
    team = DistributionListFactory.create(members=[MediaContactFactory.create()])
    with time_machine.travel(NOW, tick=True):
        send = send_schedule(release=release, lists=[team], kind=Send.Kind.IMMEDIATE, by=user)
    # No worker ran across the moment: the first tick comes an hour later.
    with time_machine.travel(NOW + timedelta(hours=1), tick=True):
        sends_tick()
        assert alerts_deliver() == 1
    send.refresh_from_db()
    assert send.status == Send.Status.MISSED

    (alert,) = mail.outbox
    assert alert.subject == f"Missed (waiting for a person): {release.headline('en')}"
    assert "cancel it, or schedule it again" in alert.body
    assert "Retry failed deliveries" not in alert.body
