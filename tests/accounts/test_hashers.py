"""Passwords are hashed with Argon2id; older PBKDF2 hashes are upgraded at the next login."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, identify_hasher, make_password

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
