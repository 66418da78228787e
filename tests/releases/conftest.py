"""Personas and a newsroom for the public-newsroom tests.

Personas, as the public newsroom meets them: an anonymous reader; Rita, a journalist who has an
account but is not staff (logged in, no admin rights); Olive, a PR officer (staff who may view
releases in the admin)."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from pytest_django.fixtures import Settings

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def asset_store(settings: Settings, tmp_path: Path) -> Path:
    """Every test gets an empty asset store (uploads and thumbnails) of its own."""
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = media
    return media


@pytest.fixture
def anonymous() -> Client:
    return Client()


@pytest.fixture
def rita(db: None) -> Client:
    """Logged in, not staff."""
    client = Client()
    client.force_login(UserFactory.create(username="rita", is_staff=False))
    return client


@pytest.fixture
def olive(db: None) -> Client:
    """A PR officer: staff, allowed to view releases."""
    user = UserFactory.create(username="olive", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_release"))
    client = Client()
    client.force_login(user)
    return client
