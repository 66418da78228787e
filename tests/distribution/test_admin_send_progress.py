"""A send's page: live counts from the deliveries, its status and times in HKT, and the
controls its status allows (cancel, pause, resume); a control pressed after the send moved on
is refused with a message and changes nothing."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from distribution.models import Delivery, Send
from tests.distribution.officers import (
    EMBARGO,
    EMBARGO_HKT,
    NOW,
    alice,
    approved_release,
    client_for,
    messages_of,
    not_staff,
    text_of,
    vera,
)
from tests.factories import DeliveryFactory, DistributionListFactory, SendFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

Status = Send.Status


def a_send(status: str = Status.SENDING, **kwargs: object) -> Send:
    kwargs.setdefault("scheduled_at", EMBARGO)
    return SendFactory.create(
        release=approved_release(),
        status=status,
        lists=[DistributionListFactory.create(name="Technology desk")],
        **kwargs,
    )


def with_deliveries(send: Send, **counts: int) -> Send:
    for status, count in counts.items():
        for _ in range(count):
            DeliveryFactory.create(send=send, status=status)
    return send


def page_of(client: Client, send: Send) -> str:
    return client.get(reverse("admin:distribution_send_change", args=[send.pk])).content.decode()


def control(client: Client, send: Send, action: str) -> object:
    url = reverse(f"admin:distribution_send_{action}", args=[send.pk])
    return client.post(url, follow=True)


def visible_controls(page: str) -> set[str]:
    forms = re.findall(
        r'<form method="post" action="[^"]*/(\w+)/" data-when="\w+"( hidden)?>', page
    )
    return {action for action, hidden in forms if not hidden}


def test_the_progress_counts_come_from_the_deliveries(officer: Client) -> None:
    # Under way: its moment has passed (a send prepared ahead of its moment can still be
    # cancelled, one under way cannot).
    send = with_deliveries(
        a_send(suppressed_count=4, scheduled_at=NOW - timedelta(minutes=1)),
        queued=2,
        sending=1,
        sent=3,
        delivered=1,
        opened=1,
        failed=2,
    )

    response = officer.get(reverse("admin:distribution_send_progress", args=[send.pk]))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    data = response.json()
    assert data["counts"] == {
        "total": 10,
        "queued": 2,
        "sending": 1,
        "sent": 5,
        "failed": 2,
        "suppressed": 4,
    }
    assert data["percent"] == 70
    assert data["status"] == "sending"
    assert data["status_display"] == "Sending"
    assert (data["can_cancel"], data["can_pause"], data["can_resume"]) == (False, True, False)
    assert data["finished"] is False


def test_the_page_shows_status_counts_and_times_in_hkt(officer: Client) -> None:
    send = with_deliveries(a_send(suppressed_count=4), queued=2, sent=3, failed=1)
    Delivery.objects.filter(send=send, status=Delivery.Status.FAILED).update(
        error="550 mailbox unavailable"
    )

    page = page_of(officer, send)

    text = text_of(page)
    assert "Sending" in text
    assert f"Scheduled {EMBARGO_HKT} — at the moment the embargo lifts" in text
    assert f"Embargo {EMBARGO_HKT}" in text
    assert "6 recipients 2 waiting 0 being sent 3 sent 1 failed 4 left out (suppressed)" in text
    assert "550 mailbox unavailable" in text
    assert reverse("admin:distribution_send_progress", args=[send.pk]) in page
    assert "<script src=" not in page.split('id="send-progress"')[1]  # nothing external


def test_before_it_starts_it_shows_the_recipients_it_expects(officer: Client) -> None:
    send = a_send(Status.SCHEDULED, recipients_count=124, suppressed_count=2)

    text = text_of(page_of(officer, send))
    data = officer.get(reverse("admin:distribution_send_progress", args=[send.pk])).json()

    assert "124 recipients 0 waiting 0 being sent 0 sent 0 failed 2 left out" in text
    assert data["recipients"] == 124
    assert data["counts"]["total"] == 0


def test_a_send_cancelled_before_it_started_reached_no_one(officer: Client) -> None:
    send = a_send(Status.CANCELLED, recipients_count=124)

    data = officer.get(reverse("admin:distribution_send_progress", args=[send.pk])).json()

    assert data["recipients"] == 0
    assert data["finished"] is True


@pytest.mark.parametrize(
    ("status", "controls"),
    [
        (Status.SCHEDULED, {"cancel"}),
        (Status.MISSED, {"cancel"}),
        (Status.SENDING, {"pause"}),
        (Status.PAUSED, {"resume"}),
        (Status.SENT, set()),
        (Status.CANCELLED, set()),
    ],
)
def test_it_offers_only_the_controls_the_status_allows(
    officer: Client, status: str, controls: set[str]
) -> None:
    under_way = NOW - timedelta(minutes=1)  # its moment has passed
    assert visible_controls(page_of(officer, a_send(status, scheduled_at=under_way))) == controls


def test_a_send_prepared_ahead_of_its_moment_can_still_be_cancelled(officer: Client) -> None:
    prepared = a_send(Status.SENDING, scheduled_at=NOW + timedelta(seconds=20))
    assert visible_controls(page_of(officer, prepared)) == {"cancel", "pause"}


def test_cancelling_a_scheduled_send_stops_it(officer: Client) -> None:
    send = a_send(Status.SCHEDULED)

    response = control(officer, send, "cancel")

    send.refresh_from_db()
    assert send.status == Status.CANCELLED
    assert messages_of(response) == [f"Send #{send.pk} cancelled. Nothing of it will go out."]


def test_cancelling_a_send_that_already_started_is_refused(officer: Client) -> None:
    send = a_send(Status.SENDING, scheduled_at=NOW - timedelta(minutes=1))

    response = control(officer, send, "cancel")

    send.refresh_from_db()
    assert send.status == Status.SENDING
    assert messages_of(response) == [f"Send #{send.pk} could not be cancelled: it is sending now."]


def test_pausing_and_resuming_a_send(officer: Client) -> None:
    send = with_deliveries(a_send(Status.SENDING), queued=3, sent=2)

    paused = control(officer, send, "pause")
    send.refresh_from_db()
    assert send.status == Status.PAUSED
    assert "paused" in messages_of(paused)[0]

    resumed = control(officer, send, "resume")
    send.refresh_from_db()
    assert send.status == Status.SENDING
    assert "resumed" in messages_of(resumed)[0]


@pytest.mark.parametrize(
    ("status", "action", "word"),
    [
        (Status.SENT, "pause", "paused"),
        (Status.SCHEDULED, "pause", "paused"),
        (Status.SENDING, "resume", "resumed"),
        (Status.CANCELLED, "resume", "resumed"),
    ],
)
def test_a_control_that_no_longer_fits_is_refused(
    officer: Client, status: str, action: str, word: str
) -> None:
    send = a_send(status)

    response = control(officer, send, action)

    send.refresh_from_db()
    assert send.status == status
    label = Status(status).label.lower()
    assert messages_of(response) == [f"Send #{send.pk} could not be {word}: it is {label} now."]


def test_a_control_is_a_post_with_the_csrf_token() -> None:
    send = a_send(Status.SCHEDULED)
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice())
    url = reverse("admin:distribution_send_cancel", args=[send.pk])

    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403  # no CSRF token
    send.refresh_from_db()
    assert send.status == Status.SCHEDULED


def test_someone_who_may_only_look_sees_progress_but_cannot_stop_it() -> None:
    send = a_send(Status.SCHEDULED)
    viewer = client_for(vera())

    page = page_of(viewer, send)
    refused = viewer.post(reverse("admin:distribution_send_cancel", args=[send.pk]))

    assert "Scheduled" in text_of(page)
    assert visible_controls(page) == set()
    assert refused.status_code == 403
    send.refresh_from_db()
    assert send.status == Status.SCHEDULED


def test_someone_not_on_staff_sees_nothing() -> None:
    send = a_send(Status.SENDING, scheduled_at=NOW - timedelta(minutes=1))
    outsider = client_for(not_staff())

    response = outsider.get(reverse("admin:distribution_send_progress", args=[send.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_send_is_never_edited_as_a_raw_form(officer: Client) -> None:
    send = a_send(Status.SCHEDULED)

    response = officer.post(
        reverse("admin:distribution_send_change", args=[send.pk]), {"status": "sent"}
    )

    assert response.status_code == 405
    send.refresh_from_db()
    assert send.status == Status.SCHEDULED
