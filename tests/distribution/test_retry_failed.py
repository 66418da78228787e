"""'Retry failed deliveries': after a send ended "Sent, N failed" or "Failed", the officer fixes
what made the deliveries fail and presses the button on the send page; the failed deliveries
that were not the journalist's own address refused go again, through the scheduler and the
workers, each exactly once, through the real anymail backend to the ESP's stand-in."""

import re
import threading
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse

from audit.models import Action, AuditEntry
from contacts.models import Suppression
from distribution.models import Delivery, Send
from distribution.retry import failure_is_recipients_own, send_retry_failed
from releases.models import Release
from tests.distribution.esp_standins import ESP, Postmark, serving
from tests.distribution.officers import (
    alice,
    client_for,
    not_staff,
    text_of,
    vera,
)
from tests.distribution.test_esp_real_backends import NOW, send_to, use
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_celery")]

PENDING = ["ming@daily.example.com", "alex@wire.example.com"]
FINE = ["one@daily.example.com", "two@daily.example.com"]


@pytest.fixture
def postmark(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Postmark]:
    with serving("postmark") as stand_in:
        use(stand_in, settings, monkeypatch)
        assert isinstance(stand_in, Postmark)
        yield stand_in


def retry_url(send: Send) -> str:
    return reverse("admin:distribution_send_retry_failed", args=[send.pk])


def page_of(send: Send, client: Any) -> str:
    page = client.get(reverse("admin:distribution_send_change", args=[send.pk]))
    return text_of(page.content.decode())


def retry_offered(send: Send, client: Any) -> bool:
    """The retry button is on the page and not hidden (the page shows controls as they apply)."""
    html = client.get(reverse("admin:distribution_send_change", args=[send.pk])).content.decode()
    form = re.search(r"<form[^>]*retry-failed/[^>]*>", html)
    return form is not None and " hidden" not in form.group(0)


def alert_shown(send: Send, client: Any) -> bool:
    """The send page's alert box ("This send needs you") is there and not hidden."""
    html = client.get(reverse("admin:distribution_send_change", args=[send.pk])).content.decode()
    box = re.search(r'<div[^>]*id="send-alert"[^>]*>', html)
    return box is not None and " hidden" not in box.group(0)


def received(esp: ESP) -> Counter[str]:
    return Counter(message.to[0] for message in esp.asked())


def test_retry_sends_exactly_the_failed_deliveries_once_and_the_send_becomes_sent(
    postmark: Postmark,
) -> None:
    # The account is pending approval: Postmark refuses the journalists outside our domain.
    postmark.pending_approval_recipients = set(PENDING)
    send = send_to(PENDING + FINE)
    assert send.status == Send.Status.SENT
    assert send.failed_count == 2
    assert received(postmark) == Counter(FINE)
    officer = client_for(alice())
    page = page_of(send, officer)
    assert "Sent, 2 failed" in page
    assert "pending approval" in page
    assert retry_offered(send, officer)
    assert alert_shown(send, officer)
    assert "This send needs you: Sent, 2 failed." in page

    postmark.pending_approval_recipients = set()  # Postmark approves the account
    with time_machine.travel(NOW, tick=True):
        response = officer.post(retry_url(send), follow=True)
    assert "2 failed deliveries of send" in text_of(response.content.decode())

    assert received(postmark) == Counter(PENDING + FINE)  # the two failed ones, once each
    send.refresh_from_db()
    assert send.status == Send.Status.SENT
    assert (send.sent_count, send.failed_count) == (4, 0)
    assert send.status_label() == "Sent"
    assert not retry_offered(send, officer)
    assert not alert_shown(send, officer)
    entry = AuditEntry.objects.get(action=Action.SEND_RETRIED)
    assert entry.actor_name == "alice"
    assert "2 failed deliveries" in entry.summary

    # A second click (a stale page, a second tab) sends nothing.
    with time_machine.travel(NOW, tick=True):
        again = officer.post(retry_url(send), follow=True)
    assert "Nothing to retry" in text_of(again.content.decode())
    assert received(postmark) == Counter(PENDING + FINE)


def test_a_recipient_refused_for_good_or_suppressed_since_is_never_retried(
    postmark: Postmark,
) -> None:
    postmark.pending_approval_recipients = set(PENDING)
    postmark.refused_recipients = {"gone@daily.example.com"}  # inactive: a hard bounce
    send = send_to([*PENDING, "gone@daily.example.com", *FINE])
    assert send.failed_count == 3
    # Since the send, one of the pending recipients unsubscribed.
    Suppression.objects.create(
        email=PENDING[1], reason=Suppression.Reason.UNSUBSCRIBE, source="test"
    )
    postmark.pending_approval_recipients = set()
    postmark.refused_recipients = set()  # even if the ESP would take it now

    with time_machine.travel(NOW, tick=True):
        assert send_retry_failed(send=send) == 1

    assert received(postmark) == Counter([*FINE, PENDING[0]])
    send.refresh_from_db()
    assert send.status == Send.Status.SENT
    assert send.failed_count == 2
    assert send.status_label() == "Sent, 2 failed"


def test_two_retries_at_once_send_each_failed_delivery_once(postmark: Postmark) -> None:
    postmark.pending_approval_recipients = set(PENDING)
    send = send_to(PENDING + FINE)
    postmark.pending_approval_recipients = set()
    stale = [Send.objects.get(pk=send.pk), Send.objects.get(pk=send.pk)]
    start = threading.Barrier(2)
    counts: list[int] = []

    def retry(copy: Send) -> None:
        start.wait()
        try:
            counts.append(send_retry_failed(send=copy))
        finally:
            from django.db import connection

            connection.close()

    threads = [threading.Thread(target=retry, args=(copy,)) for copy in stale]
    with time_machine.travel(NOW, tick=True):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert sorted(counts) == [0, 2]
    assert received(postmark) == Counter(PENDING + FINE)
    send.refresh_from_db()
    assert send.status == Send.Status.SENT


def test_a_withdrawn_release_is_not_retried(postmark: Postmark) -> None:
    postmark.pending_approval_recipients = set(PENDING)
    send = send_to(PENDING + FINE)
    postmark.pending_approval_recipients = set()
    Release.objects.filter(pk=send.release_id).update(status=Release.Status.WITHDRAWN)

    with time_machine.travel(NOW, tick=True):
        response = client_for(alice()).post(retry_url(send), follow=True)

    assert "cannot go again" in text_of(response.content.decode())
    assert received(postmark) == Counter(FINE)
    send.refresh_from_db()
    assert send.status == Send.Status.SENT
    assert send.failed_count == 2


def test_only_an_in_house_officer_who_may_send_may_retry(postmark: Postmark) -> None:
    postmark.pending_approval_recipients = set(PENDING)
    send = send_to(PENDING + FINE)
    postmark.pending_approval_recipients = set()
    # An agency's officer, even given the permission to send.
    agency_user = UserFactory.create(username="agnes", is_staff=True)
    MembershipFactory.create(user=agency_user, organisation=AgencyFactory.create())
    agency_user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_send", "view_send", "view_release"])
    )

    with time_machine.travel(NOW, tick=True):
        for user in (vera(), agency_user):
            assert client_for(user).post(retry_url(send)).status_code == 403, user
            assert not retry_offered(send, client_for(user))
        assert client_for(not_staff()).post(retry_url(send)).status_code == 302  # log in first
        assert client_for(alice()).get(retry_url(send)).status_code == 405

    assert received(postmark) == Counter(FINE)
    assert Delivery.objects.filter(send=send, status=Delivery.Status.FAILED).count() == 2


@pytest.mark.parametrize(
    ("error", "own"),
    [
        ("rejected by the ESP (rejected): marked as inactive", True),
        ("rejected by the ESP (invalid)", True),
        ("Not a valid email address; correct the media contact and send again.", True),
        ("550 5.1.1 <x@example.com>: Recipient address rejected: User unknown", True),
        ("552 5.2.2 Mailbox full", True),
        ("AnymailRecipientsRefused: All message recipients were rejected", True),
        ("AnymailRequestsAPIError: Postmark API response 200: pending approval", False),
        ("550 5.7.1 Relaying denied", False),
        ("451 4.3.0 Try again later", False),
        ("connection lost: [Errno 111] Connection refused", False),
        ("The worker sending this message was lost too many times.", False),
        ("AnymailUnsupportedFeature: Amazon SES does not support track_clicks", False),
    ],
)
def test_the_rule_retries_configuration_failures_not_the_recipients_own(
    error: str, own: bool
) -> None:
    assert failure_is_recipients_own(error) is own
