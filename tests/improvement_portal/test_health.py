"""/healthz names the database and Redis state; a lost database gives a clear 503."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client


@contextmanager
def database_unreachable():
    """Point the real connection at a port where nothing listens, then put it back."""
    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update({"HOST": "127.0.0.1", "PORT": "1"})
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)


@pytest.mark.django_db
def test_healthz_reports_the_database_and_redis_up(client, settings):
    settings.REDIS_URL = settings.TEST_REDIS_URLS["tasks"]

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_says_when_redis_is_down_but_stays_up(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["redis"] == "down"


def test_healthz_answers_503_when_the_database_cannot_be_reached(django_db_blocker):
    with django_db_blocker.unblock(), database_unreachable():
        response = Client().get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_a_page_answers_a_clear_503_when_the_database_is_lost(transactional_db):
    from tests.factories.accounts import UserFactory

    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(email="lost-connection@example.org"))
    with database_unreachable():
        response = client.get("/")

    assert response.status_code == 503
    assert b"the service is unavailable" in response.content
    assert response["Retry-After"] == "30"
