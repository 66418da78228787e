"""Sending through an ESP with django-anymail (its test backend stands in for the ESP's HTTP
API, which cannot be reached from here): metadata names the delivery, the ESP's message id is
recorded, throttling is retried and a refused recipient is failed."""

from datetime import UTC, datetime
from typing import Any, ClassVar

import pytest
import time_machine
from anymail.backends.test import EmailBackend as AnymailTestBackend
from anymail.exceptions import AnymailAPIError
from anymail.message import AnymailRecipientStatus
from django.core import mail

from distribution.models import Delivery, Send
from distribution.services import send_schedule, sends_tick
from releases.models import Release
from tests.factories import DistributionListFactory, MediaContactFactory, ReleaseFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_celery")]

NOW = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)


class ScriptedESP(AnymailTestBackend):
    """anymail's test backend, answering for some recipients as a real ESP might."""

    answers: ClassVar[dict[str, Any]] = {}

    def post_to_esp(self, payload: Any, message: Any) -> Any:
        answer = self.answers.get(message.to[0].rsplit("<", 1)[-1].strip(">"))
        if answer is not None:
            message.anymail_test_response = answer
        return super().post_to_esp(payload, message)


@pytest.fixture
def esp(settings: Any) -> type[ScriptedESP]:
    settings.EMAIL_BACKEND = f"{__name__}.ScriptedESP"
    ScriptedESP.answers = {}
    mail.outbox = []
    return ScriptedESP


def send_to(addresses: list[str]) -> Send:
    release = ReleaseFactory.create(status=Release.Status.APPROVED, bilingual=True)
    team = DistributionListFactory.create(
        members=[MediaContactFactory.create(email=address) for address in addresses]
    )
    with time_machine.travel(NOW, tick=True):
        send = send_schedule(release=release, lists=[team], kind=Send.Kind.IMMEDIATE)
        sends_tick()
    return send


def test_each_message_names_its_delivery_and_the_esp_id_is_kept(esp: type[ScriptedESP]) -> None:
    send = send_to(["one@daily.example.com", "two@daily.example.com"])
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        params = getattr(message, "anymail_test_params")  # noqa: B009 -- set by anymail
        delivery = Delivery.objects.get(pk=int(params["metadata"]["delivery_id"]))
        assert params["metadata"]["send_id"] == str(send.pk)
        assert message.extra_headers["Message-ID"] == delivery.message_id
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert params["track_clicks"] is False  # our own asset links are the tracked ones
        assert delivery.status == Delivery.Status.SENT
        assert delivery.esp_message_id == str(mail.outbox.index(message))
    send.refresh_from_db()
    assert send.status == Send.Status.SENT


def test_throttling_is_retried_and_a_rejected_recipient_fails(esp: type[ScriptedESP]) -> None:
    esp.answers = {
        "busy@daily.example.com": AnymailAPIError("Too many requests", status_code=429),
        "gone@daily.example.com": {
            "recipient_status": {
                "gone@daily.example.com": AnymailRecipientStatus(message_id=None, status="rejected")
            }
        },
    }
    send = send_to(["busy@daily.example.com", "gone@daily.example.com", "fine@daily.example.com"])
    statuses = dict(Delivery.objects.filter(send=send).values_list("email", "status"))
    assert statuses == {
        "busy@daily.example.com": Delivery.Status.QUEUED,
        "gone@daily.example.com": Delivery.Status.FAILED,
        "fine@daily.example.com": Delivery.Status.SENT,
    }
    assert "Too many requests" in Delivery.objects.get(email="busy@daily.example.com").error
    assert "rejected" in Delivery.objects.get(email="gone@daily.example.com").error
