"""Shared fixtures: the real councils, and one persona per role."""

from __future__ import annotations

import os

import pytest
from django.test import Client

from accounts.models import User
from accounts.roles import Role
from councils.models import Council, Region
from tests.factories.accounts import UserFactory

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be usable.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

LONDON = "E12000007"
CAMDEN = "E09000007"
ISLINGTON = "E09000019"
LEEDS = "E08000035"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker) -> None:
    """Load the real councils once per run, outside any test's transaction, so they persist."""
    from councils.services import load_councils

    with django_db_blocker.unblock():
        load_councils()


@pytest.fixture
def councils(db: None) -> None:
    """The real regions and councils (a transactional test's flush removes them: reload then)."""
    if Council.objects.count() < 158:
        from councils.services import load_councils

        load_councils()


@pytest.fixture
def london(councils: None) -> Region:
    return Region.objects.get(code=LONDON)


@pytest.fixture
def camden(councils: None) -> Council:
    return Council.objects.get(gss_code=CAMDEN)


@pytest.fixture
def islington(councils: None) -> Council:
    return Council.objects.get(gss_code=ISLINGTON)


@pytest.fixture
def leeds(councils: None) -> Council:
    return Council.objects.get(gss_code=LEEDS)


@pytest.fixture
def programme_manager(councils: None) -> User:
    return UserFactory(email="pm@example.org", full_name="Pat Manager", role=Role.PROGRAMME_MANAGER)


@pytest.fixture
def principal_adviser(london: Region) -> User:
    return UserFactory(
        email="pa@example.org",
        full_name="Priya Adviser",
        role=Role.PRINCIPAL_ADVISER,
        region=london,
    )


@pytest.fixture
def improvement_adviser(london: Region) -> User:
    return UserFactory(
        email="cia@example.org",
        full_name="Chris Improvement",
        role=Role.IMPROVEMENT_ADVISER,
        region=london,
    )


@pytest.fixture
def associate(leeds: Council) -> User:
    return UserFactory(
        email="associate@example.org",
        full_name="Alex Associate",
        role=Role.ASSOCIATE,
        council=leeds,
        region=leeds.region,
    )


@pytest.fixture
def councillor(camden: Council) -> User:
    return UserFactory(
        email="councillor@example.org",
        full_name="Cllr Casey Jones",
        role=Role.COUNCILLOR,
        council=camden,
        region=camden.region,
    )


PERSONAS = [
    "programme_manager",
    "principal_adviser",
    "improvement_adviser",
    "associate",
    "councillor",
]


@pytest.fixture
def login(client: Client):
    """Log the test client in as a user: ``login(councillor)``."""

    def _login(user: User) -> Client:
        client.force_login(user)
        return client

    return _login


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    # bypass_csp lets the tests inject axe-core under the portal's content security policy.
    return {**browser_context_args, "bypass_csp": True}
