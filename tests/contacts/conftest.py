"""Personas for the media-database tests, after healthchecks' Alice, Bob and Charlie:
Alice is an in-house PR officer of the park, who may import and export; Bob works for the PR
agency, may import but not export; Charlie is staff who may only look."""

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from contacts.models import DistributionList, Organisation
from tests.factories import (
    AgencyFactory,
    DistributionListFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

OFFICER_PERMISSIONS = [
    "add_mediacontact", "change_mediacontact", "view_mediacontact", "delete_mediacontact",
    "add_outlet", "change_outlet", "view_outlet",
    "add_distributionlist", "change_distributionlist", "view_distributionlist",
    "view_suppression", "view_beat",
]  # fmt: skip
EXPORT_PERMISSIONS = [
    "export_mediacontact", "export_outlet", "export_distributionlist", "export_suppression",
]  # fmt: skip


def grant(user: Any, codenames: list[str]) -> None:
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="contacts", codename__in=codenames)
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
def alice(park: Organisation) -> Any:
    user = UserFactory.create(username="alice")
    MembershipFactory.create(user=user, organisation=park)
    grant(user, OFFICER_PERMISSIONS + EXPORT_PERMISSIONS)
    return user


@pytest.fixture
def bob(agency: Organisation) -> Any:
    user = UserFactory.create(username="bob")
    MembershipFactory.create(user=user, organisation=agency)
    grant(user, OFFICER_PERMISSIONS)
    return user


@pytest.fixture
def charlie(park: Organisation) -> Any:
    user = UserFactory.create(username="charlie")
    MembershipFactory.create(user=user, organisation=park)
    grant(user, ["view_mediacontact", "view_outlet", "view_distributionlist"])
    return user


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
