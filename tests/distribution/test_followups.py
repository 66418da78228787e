"""Follow-ups from a send's results: to those who did not open it (people, not scanners), to
failed deliveries once the address is corrected, to new lists; each a send of its own through
the tick, the batches and a real SMTP server, and nobody ever gets the release twice."""

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from contacts.models import Language, MediaContact
from distribution.followups import followup_check, followup_schedule
from distribution.models import Delivery, Send
from distribution.services import SendRefused, send_schedule
from tests.distribution import esp_payloads as esp
from tests.distribution.conftest import Sink
from tests.distribution.officers import (
    EMBARGO,
    a_list,
    alice,
    approved_release,
    client_for,
    messages_of,
    vera,
)
from tests.distribution.test_embargo_change import tick_at
from tests.distribution.tracking_helpers import deliver
from tests.factories import MediaContactFactory, SuppressionFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("eager_celery", "tracking"),
]

Audience = Send.Audience
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124"
SCANNER = "Barracuda Sentinel (EE)"
LATER = EMBARGO + timedelta(hours=2)


def person(name: str, **kwargs: Any) -> MediaContact:
    return MediaContactFactory.create(email=f"{name}@daily.example.com", **kwargs)


@pytest.fixture
def sent(smtp_sink: Sink) -> dict[str, Any]:
    """The immediate release went at the embargo to ann, ben, cat, dan and fay (whose address
    is broken); ann opened it, ben's mail scanner opened it, cat and dan did nothing."""
    people = {name: person(name) for name in ("ann", "ben", "cat", "dan")}
    people["fay"] = MediaContactFactory.create(email="fay.daily.example.com")
    release = approved_release()
    with time_machine.travel(EMBARGO - timedelta(days=1), tick=False):
        parent = send_schedule(
            release=release, lists=[a_list("Desk", list(people.values()))], kind="immediate"
        )
    tick_at(EMBARGO)
    assert smtp_sink.count() == 4
    deliveries = {d.email: d for d in Delivery.objects.filter(send=parent)}
    opened_at = EMBARGO + timedelta(minutes=20)
    ann, ben = deliveries["ann@daily.example.com"], deliveries["ben@daily.example.com"]
    assert deliver(
        esp.mailgun(ann, "opened", opened_at, user_agent=BROWSER),
        esp.mailgun(ben, "opened", opened_at, user_agent=SCANNER),
    ) == [200, 200]
    return {"parent": parent, "release": release, "people": people, "sink": smtp_sink}


def test_not_opened_goes_to_people_who_did_not_open_scanners_included_in_the_thread(
    sent: dict[str, Any],
) -> None:
    sink: Sink = sent["sink"]
    parent: Send = sent["parent"]
    with time_machine.travel(LATER, tick=False):
        follow_up = followup_schedule(parent=parent, audience=Audience.NOT_OPENED)
    tick_at(LATER + timedelta(seconds=1))

    assert sink.by_address() == {
        "ann@daily.example.com": 1,
        "ben@daily.example.com": 2,  # only a scanner opened it
        "cat@daily.example.com": 2,
        "dan@daily.example.com": 2,
    }
    follow_up.refresh_from_db()
    assert follow_up.status == Send.Status.SENT
    assert follow_up.parent_id == parent.pk
    for name in ("ben", "cat", "dan"):
        first, again = sink.messages_to(f"{name}@daily.example.com")
        assert again["In-Reply-To"] == first["Message-ID"]
        assert again["References"] == first["Message-ID"]
        assert again["Message-ID"] != first["Message-ID"]

    # A second "did not open" follow-up finds no one: each has had theirs.
    with (
        time_machine.travel(LATER + timedelta(hours=1), tick=False),
        pytest.raises(SendRefused, match="No one to follow up"),
    ):
        followup_schedule(parent=parent, audience=Audience.NOT_OPENED)


def test_new_lists_leave_out_whoever_has_the_release_by_address_and_by_contact(
    sent: dict[str, Any],
) -> None:
    sink: Sink = sent["sink"]
    people = sent["people"]
    cat = people["cat"]
    MediaContact.objects.filter(pk=cat.pk).update(email="cat.new@daily.example.com")
    people["ann"].delete()  # re-imported as a new contact, her address in capitals
    ann_again = MediaContactFactory.create(email="ANN@Daily.Example.com")
    newcomer = person("eve", preferred_language=Language.ZH_HANT)
    extra = a_list("Business desk", [cat, ann_again, newcomer, people["dan"]])

    with time_machine.travel(LATER, tick=False):
        plan = followup_check(parent=sent["parent"], audience=Audience.NEW_LISTS, lists=[extra])
        assert [row[1] for row in plan.recipients] == ["eve@daily.example.com"]
        assert plan.left_out["already has the release"] == 3
        followup_schedule(parent=sent["parent"], audience=Audience.NEW_LISTS, lists=[extra])
    tick_at(LATER + timedelta(seconds=1))

    assert sink.by_address()["eve@daily.example.com"] == 1
    assert "cat.new@daily.example.com" not in sink.by_address()
    assert sink.by_address()["ann@daily.example.com"] == 1
    (message,) = sink.messages_to("eve@daily.example.com")
    assert message["In-Reply-To"] is None
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    assert body.get_content().count("即時發布") == 1


def test_a_failed_delivery_goes_again_once_the_address_is_corrected(sent: dict[str, Any]) -> None:
    sink: Sink = sent["sink"]
    parent: Send = sent["parent"]
    fay = sent["people"]["fay"]
    failed = Delivery.objects.get(send=parent, status=Delivery.Status.FAILED)
    with time_machine.travel(LATER, tick=False):
        plan = followup_check(parent=parent, audience=Audience.FAILED_CORRECTED)
        assert plan.recipients == []
        assert plan.left_out == {"address not corrected yet": 1}
        typo = followup_check(
            parent=parent, audience=Audience.FAILED_CORRECTED, corrections={failed.pk: "fay@"}
        )
        assert typo.errors[0] == "“fay@” (for fay.daily.example.com) is not a valid email address."

    MediaContact.objects.filter(pk=fay.pk).update(email="fay@daily.example.com")
    with time_machine.travel(LATER, tick=False):
        followup_schedule(parent=parent, audience=Audience.FAILED_CORRECTED)
    tick_at(LATER + timedelta(seconds=1))
    assert sink.by_address()["fay@daily.example.com"] == 1

    # Once it reached her, asking again sends nothing more.
    with (
        time_machine.travel(LATER + timedelta(hours=1), tick=False),
        pytest.raises(SendRefused, match="No one to follow up"),
    ):
        followup_schedule(parent=parent, audience=Audience.FAILED_CORRECTED)


def test_someone_who_opened_or_unsubscribed_before_the_follow_up_started_is_left_out(
    sent: dict[str, Any],
) -> None:
    sink: Sink = sent["sink"]
    parent: Send = sent["parent"]
    with time_machine.travel(LATER, tick=False):
        followup_schedule(parent=parent, audience=Audience.NOT_OPENED)
    cat = Delivery.objects.get(send=parent, email="cat@daily.example.com")
    deliver(esp.mailgun(cat, "opened", LATER, user_agent=BROWSER))
    SuppressionFactory.create(email="ben@daily.example.com")  # unsubscribed meanwhile
    tick_at(LATER + timedelta(seconds=1))
    assert sink.by_address()["cat@daily.example.com"] == 1
    assert sink.by_address()["ben@daily.example.com"] == 1
    assert sink.by_address()["dan@daily.example.com"] == 2


# --- The admin pages -------------------------------------------------------------------------


def _page(client: Client, parent: Send) -> str:
    return reverse("admin:distribution_send_follow_up", args=[parent.pk])


def test_an_officer_checks_then_confirms_once_and_a_resubmitted_page_sends_nothing_more(
    sent: dict[str, Any],
) -> None:
    client = client_for(alice())
    parent: Send = sent["parent"]
    with time_machine.travel(LATER, tick=False):
        results = client.get(reverse("admin:distribution_send_results", args=[parent.pk]))
        assert _page(client, parent) in results.content.decode()
        check = client.post(_page(client, parent), {"audience": Audience.NOT_OPENED})
        assert check.status_code == 200
        assert check.context["plan"].recipients
        token = check.context["confirmation"]
        data = {"audience": Audience.NOT_OPENED, "confirm": "1", "confirmation": token}
        first = client.post(_page(client, parent), data)
        cache.clear()  # as another process, which never saw the first click, would see it
        again = client.post(_page(client, parent), data)
    assert first.status_code == 302
    assert again.status_code == 302
    assert any("already used" in text for text in messages_of(client.get(again["Location"])))
    assert Send.objects.filter(parent=parent, kind=Send.Kind.FOLLOW_UP).count() == 1


def test_a_forged_confirmation_sends_nothing(sent: dict[str, Any]) -> None:
    client = client_for(alice())
    parent: Send = sent["parent"]
    with time_machine.travel(LATER, tick=False):
        response = client.post(
            _page(client, parent),
            {"audience": Audience.NOT_OPENED, "confirm": "1", "confirmation": "<script>"},
        )
    assert response.status_code == 400
    assert "confirm from the confirmation page" in messages_of(response)[0]
    assert not Send.objects.filter(parent=parent).exists()


def test_an_officer_who_may_not_send_cannot_follow_up(sent: dict[str, Any]) -> None:
    client = client_for(vera())
    parent: Send = sent["parent"]
    assert client.get(_page(client, parent)).status_code == 403
    response = client.post(_page(client, parent), {"audience": Audience.NOT_OPENED, "confirm": "1"})
    assert response.status_code == 403
    assert not Send.objects.filter(parent=parent).exists()
