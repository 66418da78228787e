"""The suite runs against the services production uses: in CI, PostgreSQL and Redis."""

import os

import pytest
from django.db import connection

from tests.conftest import IN_CI, redis_client


@pytest.mark.django_db
def test_it_uses_the_database_that_database_url_names() -> None:
    url = os.environ.get("DATABASE_URL", "sqlite://")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
    if IN_CI:
        assert connection.vendor == "postgresql", "CI must run the suite on PostgreSQL"
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            assert "PostgreSQL" in cursor.fetchone()[0]


@pytest.mark.redis
def test_it_talks_to_a_real_redis_server(redis_url: str) -> None:
    client = redis_client(redis_url)
    client.set("pressroom:test:ping", "pong", ex=10)
    assert client.get("pressroom:test:ping") == b"pong"
    assert client.info("server")["redis_version"]
    if IN_CI:
        assert os.environ.get("REDIS_URL"), "CI must run the suite against REDIS_URL"
