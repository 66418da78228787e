"""The in-house team sees who subscribed on the newsroom; an agency sees no one; nobody adds or
edits a subscriber in the admin (subscribing is the subscriber's own act)."""

from datetime import UTC, datetime

import pytest
from django.test import Client

from subscriptions.models import Subscriber
from tests.personas import persona

pytestmark = pytest.mark.django_db

LIST = "/admin/subscriptions/subscriber/"


def client_of(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_the_in_house_team_sees_subscribers_and_an_agency_does_not() -> None:
    Subscriber.objects.create(
        email="mei@hk-daily.example.com", confirmed_at=datetime(2025, 9, 1, tzinfo=UTC)
    )
    Subscriber.objects.create(email="pending@hk-daily.example.com")

    page = client_of(persona("alice")).get(LIST).content.decode()
    assert "mei@hk-daily.example.com" in page
    assert "pending@hk-daily.example.com" in page
    assert "mei@hk-daily.example.com" in client_of(persona("vera")).get(LIST).content.decode()
    agency = client_of(persona("charlie")).get(LIST)
    assert agency.status_code == 403  # no permission on subscribers at all
    assert client_of(persona("alice")).get(LIST + "add/").status_code == 403
