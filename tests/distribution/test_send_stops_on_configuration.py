"""A send stops at its first message when the mail server's answer means every message would
fail the same way: an SMTP server refusing the username and password (535), Amazon SES refusing
an address it has not verified (400 MessageRejected; in the sandbox, every journalist). The
deliveries wait, queued; once the configuration is fixed, a resume sends each exactly once."""

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.conf import LazySettings

from distribution.models import Delivery, Send
from distribution.services import send_resume
from tests.distribution.check_standins import SmtpServer, serving_smtp
from tests.distribution.esp_standins import ESP, AmazonSES, serving
from tests.distribution.test_esp_real_backends import NOW, send_to, use

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_celery")]

ADDRESSES = [f"reporter{n}@desk.example.com" for n in range(3)]


def statuses(send: Send) -> set[str]:
    return set(Delivery.objects.filter(send=send).values_list("status", flat=True))


@pytest.fixture
def smtp(settings: LazySettings) -> Iterator[SmtpServer]:
    with serving_smtp() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = server.host
        settings.EMAIL_PORT = server.port
        settings.EMAIL_HOST_USER = server.username
        settings.EMAIL_HOST_PASSWORD = "wrong-password"
        settings.EMAIL_USE_TLS = False
        yield server


def test_smtp_refusing_the_password_stops_the_send_until_it_is_fixed(
    smtp: SmtpServer, settings: LazySettings
) -> None:
    send = send_to(ADDRESSES)

    assert send.status == Send.Status.PAUSED
    assert "refused the username and password (535 5.7.8" in send.reason, send.reason
    assert smtp.mail_from == []  # no message was tried
    assert statuses(send) == {Delivery.Status.QUEUED}

    settings.EMAIL_HOST_PASSWORD = smtp.password  # the officer fixes it and resumes
    with time_machine.travel(NOW, tick=True):
        assert send_resume(send=send)
    send.refresh_from_db()
    assert send.status == Send.Status.SENT
    assert sorted(smtp.received) == ADDRESSES


@pytest.fixture
def ses(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[ESP]:
    with serving("amazon_ses") as stand_in:
        yield use(stand_in, settings, monkeypatch)


def test_ses_refusing_unverified_addresses_stops_the_send_until_it_is_fixed(ses: ESP) -> None:
    ses.refused_recipients = set(ADDRESSES)  # an account still in the sandbox
    send = send_to(ADDRESSES)

    assert send.status == Send.Status.PAUSED
    assert "Amazon SES refused the messages as not verified" in send.reason
    assert "Email address is not verified" in send.reason
    assert isinstance(ses, AmazonSES)
    assert ses.batch_calls == 1  # stopped at the first refusal, not tried again
    assert statuses(send) == {Delivery.Status.QUEUED}

    ses.refused_recipients = set()  # production access granted; the officer resumes
    with time_machine.travel(NOW, tick=True):
        assert send_resume(send=send)
    send.refresh_from_db()
    assert send.status == Send.Status.SENT
    assert sorted(message.to[0] for message in ses.asked()) == ADDRESSES
