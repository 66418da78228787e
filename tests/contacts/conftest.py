"""The media-database tests' world: the park's in-house team and a PR agency, with a list each.
The people are the shared personas (tests/personas.py): alice, the park's in-house officer,
imports and exports; charlie, of the agency, keeps the agency's own contacts; vera only looks."""

from typing import Any

import pytest
from django.test import Client

from contacts.models import DistributionList, Organisation
from tests.factories import (
    AgencyFactory,
    DistributionListFactory,
    OrganisationFactory,
)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def park(db: None) -> Organisation:
    return OrganisationFactory.create(name_en="Harbour Park Corporate Communications")


@pytest.fixture
def agency(db: None) -> Organisation:
    return AgencyFactory.create(name_en="Lantern Public Relations")


@pytest.fixture
def in_house(park: Organisation) -> Organisation:
    """The personas' team (tests/personas.py): alice and vera of the park; charlie is of the
    agency."""
    return park


@pytest.fixture
def park_list(park: Organisation) -> DistributionList:
    return DistributionListFactory.create(name="Technology desk", owner=park)


@pytest.fixture
def agency_list(agency: Organisation) -> DistributionList:
    return DistributionListFactory.create(name="Lantern fintech writers", owner=agency)


@pytest.fixture
def celery_queue(redis_url: str, monkeypatch: pytest.MonkeyPatch, settings: Any) -> str:
    """The project's Celery app sending to the test Redis, on a queue of this test's own, so a
    worker started by the test takes this test's tasks and no other."""
    from uuid import uuid4

    from pressroom.celery import app

    queue = f"pressroom-test-{uuid4().hex[:12]}"
    settings.IMPORT_QUEUE = queue
    monkeypatch.setattr(app.conf, "broker_url", redis_url)
    # Connections already pooled for another broker are set aside for the test.
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app.amqp, "_producer_pool", None)
    return queue
