"""A journalist subscribes on the newsroom to technology releases in Chinese: double opt-in by a
signed link (a gateway that follows links confirms nothing; tampered and expired links get a
friendly page), then each new release of that topic at its embargo, through the send engine,
exactly once; preferences and unsubscribing from a link without an account. Subscribers are not
media contacts."""

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client

from contacts.models import MediaContact, Suppression
from distribution.models import Delivery, Send
from distribution.services import sends_tick
from releases.models import Release
from subscriptions.announcements import announcements_schedule
from subscriptions.models import Subscriber
from tests.distribution.conftest import Sink
from tests.factories import (
    BeatFactory,
    PublicReleaseFactory,
    ReleaseFactory,
    ReleaseTranslationFactory,
)

EMBARGO = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)  # 10:00 HKT
BEFORE = EMBARGO - timedelta(days=1)


@pytest.fixture
def frozen() -> Iterator[Any]:
    with time_machine.travel(BEFORE, tick=False) as traveller:
        yield traveller


def a_release(topic: Any, headline_zh: str = "集群奪全球第一") -> Release:
    release = ReleaseFactory.create(
        status=Release.Status.SCHEDULED, embargoed=True, embargo_until=EMBARGO
    )
    ReleaseTranslationFactory.create(release=release, headline="Cluster ranked first")
    ReleaseTranslationFactory.create(release=release, zh_hant=True, headline=headline_zh)
    release.topics.add(topic)
    return release


def subscribe(client: Client, email: str, topic: Any, language: str = "zh-hant") -> Any:
    # A release public on the topic, so the form offers it.
    PublicReleaseFactory.create().topics.add(topic)
    return client.post(
        "/zh-hant/subscribe/", {"email": email, "language": language, "topics": [topic.pk]}
    )


def link_in(message: Any, kind: str) -> str:
    found = re.search(rf"http://[^\s]+/subscribe/{kind}/[^\s/]+/", message.body)
    assert found, message.body
    return found.group(0).removeprefix("http://127.0.0.1:8000")


@pytest.mark.django_db
def test_a_request_emails_a_confirmation_link_in_chinese_and_mails_nothing_else(
    frozen: Any,
) -> None:
    tech = BeatFactory.create(name_en="Technology", name_zh_hant="科技")
    client = Client()

    response = subscribe(client, "Mei.Chan@HK-Daily.example.com", tech)

    assert response.status_code == 200
    assert "請查看你的電郵" in response.content.decode()
    [message] = mail.outbox
    assert message.to == ["mei.chan@hk-daily.example.com"]
    assert "確認" in message.subject
    assert "/zh-hant/subscribe/confirm/" in message.body
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmed_at is None
    assert not MediaContact.objects.exists()  # not a journalist unless a person says so
    # Asking again at once sends nothing more: the page cannot flood someone's inbox.
    subscribe(client, "mei.chan@hk-daily.example.com", tech)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_link_asks_before_it_confirms_and_a_bad_or_old_link_gets_a_friendly_page(
    frozen: Any,
) -> None:
    tech = BeatFactory.create()
    client = Client()
    subscribe(client, "mei@hk-daily.example.com", tech)
    link = link_in(mail.outbox[0], "confirm")

    page = client.get(link)  # what a mail gateway's link scanner does
    assert page.status_code == 200
    assert Subscriber.objects.get().confirmed_at is None
    for bad in (link[:-3] + "xx/", link.replace("confirm", "manage"), "/en/subscribe/confirm/x/"):
        response = client.get(bad)
        assert response.status_code == 404
        assert (
            "This link is not available" in response.content.decode()
            or "此連結" in response.content.decode()
        )
    frozen.shift(timedelta(days=8))
    assert client.post(link).status_code == 404  # a week old: expired
    assert Subscriber.objects.get().confirmed_at is None


@pytest.mark.django_db
def test_confirming_starts_the_emails(frozen: Any) -> None:
    tech = BeatFactory.create()
    client = Client()
    subscribe(client, "mei@hk-daily.example.com", tech)

    response = client.post(link_in(mail.outbox[0], "confirm"))

    assert 'id="confirmed"' in response.content.decode()
    assert Subscriber.objects.get().confirmed_at is not None


@pytest.mark.django_db
def test_bad_input_is_a_message_not_an_error(frozen: Any) -> None:
    response = Client().post("/en/subscribe/", {"email": "not-an-address", "language": "xx"})
    assert response.status_code == 400
    assert "Enter a valid email address" in response.content.decode()
    assert not Subscriber.objects.exists()
    assert not mail.outbox
    # A bot filling the hidden field is answered the same and mailed nothing.
    Client().post(
        "/en/subscribe/", {"email": "bot@x.example.com", "language": "en", "website": "x"}
    )
    assert not mail.outbox


def confirmed(email: str, topic: Any, language: str = "zh-hant") -> Subscriber:
    subscriber = Subscriber.objects.create(email=email, language=language, confirmed_at=BEFORE)
    subscriber.topics.add(topic)
    return subscriber


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("eager_celery")
def test_each_new_release_of_their_topic_reaches_them_once_at_its_embargo_in_their_language(
    smtp_sink: Sink,
) -> None:
    tech, sport = BeatFactory.create(), BeatFactory.create()
    with time_machine.travel(BEFORE, tick=False):
        confirmed("mei@hk-daily.example.com", tech)
        confirmed("ken@sport.example.com", sport, language="en")
        Subscriber.objects.create(email="pending@hk-daily.example.com")  # never confirmed
        release = a_release(tech)
        announcements_schedule()
        announcements_schedule()  # a second beat, or a second process: still one send
        sends_tick()  # before the embargo: nothing goes
    assert Send.objects.filter(kind=Send.Kind.SUBSCRIBERS).count() == 1
    assert not smtp_sink.received

    with time_machine.travel(EMBARGO, tick=True):
        sends_tick()
        sends_tick()

    [message] = smtp_sink.messages_to("mei@hk-daily.example.com")
    assert "集群奪全球第一" in str(message["Subject"])
    assert message["List-Unsubscribe"]
    assert not smtp_sink.messages_to("ken@sport.example.com")  # another topic
    assert not smtp_sink.messages_to("pending@hk-daily.example.com")  # not confirmed
    assert Delivery.objects.filter(send__release=release).count() == 1


@pytest.mark.django_db
def test_preferences_change_and_unsubscribing_from_the_manage_link(frozen: Any) -> None:
    tech, sport = BeatFactory.create(), BeatFactory.create()
    client = Client()
    subscribe(client, "mei@hk-daily.example.com", tech)
    PublicReleaseFactory.create().topics.add(sport)
    client.post(link_in(mail.outbox[0], "confirm"))
    manage = link_in(mail.outbox[0], "manage")

    client.post(manage, {"language": "en", "topics": [sport.pk], "save": "1"})
    subscriber = Subscriber.objects.get()
    assert subscriber.language == "en"
    assert list(subscriber.topics.all()) == [sport]

    page = client.post(manage, {"unsubscribe": "1"}).content.decode()
    assert 'id="ended"' in page
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
    with time_machine.travel(EMBARGO, tick=False):
        a_release(sport)
        assert announcements_schedule() == []  # no one left to announce to
    assert client.get(manage[:-2] + "x/").status_code == 404


@pytest.mark.django_db
def test_a_one_click_unsubscribe_from_a_release_email_stops_the_next(frozen: Any) -> None:
    """The engine's unsubscribe suppresses the address; a suppressed subscriber is left out."""
    from subscriptions.announcements import subscribers_expand

    tech = BeatFactory.create()
    confirmed("mei@hk-daily.example.com", tech)
    Suppression.objects.create(
        email="mei@hk-daily.example.com", reason=Suppression.Reason.UNSUBSCRIBE
    )
    release = a_release(tech)
    [send] = announcements_schedule()

    expansion = subscribers_expand(send)

    assert expansion.recipients == []
    assert send.release == release
