"""Passwords are hashed with Argon2id; older PBKDF2 hashes are upgraded at the next login."""

from __future__ import annotations

import argon2
import pytest
from django.contrib.auth.hashers import (
    Argon2PasswordHasher,
    PBKDF2PasswordHasher,
    identify_hasher,
    make_password,
)
from django.utils.module_loading import import_string

from accounts.hashers import PortalArgon2PasswordHasher
from improvement_portal import settings as portal_settings
from tests.factories.accounts import UserFactory

PASSWORD = "a-long-test-password"


@pytest.fixture
def portal_hashers(settings):
    """The portal's own hashers, not the fast one the other tests use."""
    settings.PASSWORD_HASHERS = portal_settings.PASSWORD_HASHERS


def test_a_new_password_is_hashed_with_argon2id(portal_hashers):
    encoded = make_password(PASSWORD)

    assert isinstance(identify_hasher(encoded), PortalArgon2PasswordHasher)
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_a_pbkdf2_hash_is_upgraded_to_argon2id_when_its_owner_logs_in(client, portal_hashers, db):
    person = UserFactory(email="jo@example.org")
    person.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    person.save(update_fields=["password"])

    response = client.post("/accounts/login/", {"login": "jo@example.org", "password": PASSWORD})

    person.refresh_from_db()
    assert response.status_code == 302
    assert person.password.startswith("argon2$argon2id$")
    assert person.check_password(PASSWORD)


def test_an_argon2_hash_with_django_defaults_is_remade_with_the_portals(client, portal_hashers, db):
    person = UserFactory(email="jo@example.org")
    django_default = Argon2PasswordHasher()
    person.password = django_default.encode(PASSWORD, django_default.salt())
    person.save(update_fields=["password"])

    client.post("/accounts/login/", {"login": "jo@example.org", "password": PASSWORD})

    person.refresh_from_db()
    assert "$m=102400,t=2,p=8$" in django_default.encode(PASSWORD, "somesalt12345678")
    assert "$m=19456,t=2,p=1$" in person.password


# Work per password check, in calls of each hasher's compression function: an Argon2 pass over
# a 1 KiB block runs BLAKE2b's round 16 times (a whole BLAKE2b compression is 12 rounds);
# an iteration of PBKDF2-HMAC-SHA256 runs SHA-256's compression twice.
BLAKE2B_ROUNDS = 12
PBKDF2_ITERATIONS_BEFORE = 1_000_000


def _argon2_work(hasher: Argon2PasswordHasher) -> float:
    return hasher.memory_cost * hasher.time_cost * 16 / BLAKE2B_ROUNDS


def test_a_login_checks_the_password_with_cheap_argon2id_parameters():
    first = import_string(portal_settings.PASSWORD_HASHERS[0])()

    assert isinstance(first, Argon2PasswordHasher)
    assert first.algorithm == "argon2"
    assert first.params().type is argon2.Type.ID
    # OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane (Django's own: 100 MiB, 8 lanes).
    assert (first.memory_cost, first.time_cost, first.parallelism) == (19456, 2, 1)
    assert _argon2_work(first) < (2 * PBKDF2_ITERATIONS_BEFORE) / 20


def test_pbkdf2_stays_second_so_old_hashes_still_verify():
    second = import_string(portal_settings.PASSWORD_HASHERS[1])()

    assert isinstance(second, PBKDF2PasswordHasher)
    assert len(portal_settings.PASSWORD_HASHERS) == 2
