"""Forwarded headers count only from the configured reverse proxy (TRUSTED_PROXIES)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories.accounts import UserFactory

PROXY = "10.0.0.2"
PASSWORD = "a-long-test-password"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]


@pytest.fixture
def https_only(behind_proxy, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True


def fail_logins(client: Client, email: str, times: int, **headers: str) -> None:
    for _ in range(times):
        client.post("/accounts/login/", {"login": email, "password": "wrong"}, **headers)


def test_https_is_believed_from_the_proxy(https_only, db):
    response = Client(REMOTE_ADDR=PROXY).get("/healthz", HTTP_X_FORWARDED_PROTO="https")

    assert response.status_code == 200


def test_https_is_not_believed_from_anyone_else(https_only, db):
    response = Client(REMOTE_ADDR="203.0.113.7").get("/healthz", HTTP_X_FORWARDED_PROTO="https")

    assert response.status_code == 301
    assert response.url.startswith("https://")


def test_lock_out_counts_the_client_the_proxy_reports_not_the_proxy(behind_proxy, db):
    UserFactory(email="jo@example.org")
    through_proxy = Client(REMOTE_ADDR=PROXY)
    fail_logins(through_proxy, "jo@example.org", 5, HTTP_X_FORWARDED_FOR="203.0.113.5")

    locked = through_proxy.post(
        "/accounts/login/",
        {"login": "jo@example.org", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    colleague = Client(REMOTE_ADDR=PROXY).post(
        "/accounts/login/",
        {"login": "jo@example.org", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.6",
    )

    assert locked.status_code == 429
    assert colleague.status_code == 302


def test_spraying_limits_count_each_client_behind_the_proxy(behind_proxy, db):
    people = [UserFactory(email=f"office{n}@example.org") for n in range(11)]
    through_proxy = Client(REMOTE_ADDR=PROXY)
    for person in people[:10]:
        fail_logins(through_proxy, person.email, 1, HTTP_X_FORWARDED_FOR="203.0.113.5")

    refused = through_proxy.post(
        "/accounts/login/",
        {"login": people[10].email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    other_client = Client(REMOTE_ADDR=PROXY).post(
        "/accounts/login/",
        {"login": people[10].email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.6",
    )

    assert b"Too many failed attempts" in refused.content
    assert other_client.status_code == 302


def test_a_forged_forwarded_address_does_not_escape_the_lock_out(behind_proxy, db):
    UserFactory(email="jo@example.org")
    attacker = Client(REMOTE_ADDR="203.0.113.66")
    for n in range(5):
        fail_logins(attacker, "jo@example.org", 1, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")

    response = attacker.post(
        "/accounts/login/",
        {"login": "jo@example.org", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="192.0.2.99",
    )

    assert response.status_code == 429


def test_addresses_the_client_wrote_before_the_proxys_are_ignored(behind_proxy, db):
    UserFactory(email="jo@example.org")
    through_proxy = Client(REMOTE_ADDR=PROXY)
    for n in range(5):
        # The proxy appends the address it saw; whatever came before is the client's own text.
        fail_logins(
            through_proxy, "jo@example.org", 1, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.5"
        )

    response = through_proxy.post(
        "/accounts/login/",
        {"login": "jo@example.org", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.5",
    )

    assert response.status_code == 429


def test_the_password_reset_limit_counts_each_client_behind_the_proxy(behind_proxy, db):
    """allauth allows 20 reset requests a minute from one address; behind the proxy, that is
    one client's 20, so a colleague in the same office can still ask for their own."""
    through_proxy = Client(REMOTE_ADDR=PROXY)
    for n in range(20):
        asked = through_proxy.post(
            "/accounts/password/reset/",
            {"email": f"someone{n}@example.org"},
            HTTP_X_FORWARDED_FOR="203.0.113.5",
        )
        assert asked.status_code == 302

    limited = through_proxy.post(
        "/accounts/password/reset/",
        {"email": "jo@example.org"},
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    colleague = Client(REMOTE_ADDR=PROXY).post(
        "/accounts/password/reset/",
        {"email": "jo@example.org"},
        HTTP_X_FORWARDED_FOR="203.0.113.6",
    )

    assert limited.status_code == 429
    assert colleague.status_code == 302
