"""The signed-in user is kept in memory between requests, but never past a change to them.

Every page loads the signed-in user; the login backend keeps that user under the data version
(improvement_portal/freshness.py). A kept user must never outlive a change of role, a
deactivation or a new password, however the change was written, or someone would keep access
the portal has taken away.

Nothing is kept inside a transaction that has written and not committed, as an ordinary test
is once its fixtures have saved someone; so these tests commit, as the portal's requests do,
and each first shows that the user really was being kept before the change.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.hashers import make_password
from django.db import DatabaseError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.backends import AuthenticationBackend
from accounts.models import User
from accounts.roles import Role
from improvement_portal import freshness
from improvement_portal.freshness import CLOCK_STEP_SECONDS
from improvement_portal.models import DataVersion
from tests.factories.accounts import UserFactory

ROOT = Path(__file__).resolve().parents[2]
ENGAGEMENTS = reverse("advisers:engagement-list")
LOGIN = reverse("account_login")

committed = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def data_version(db: None) -> DataVersion:
    """The version row, which an earlier transactional test's flush may have removed."""
    row, _ = DataVersion.objects.get_or_create(id=1, defaults={"token": "first-token"})
    return row


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def user_reads(queries: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in queries if 'FROM "accounts_user"' in query["sql"]]


def is_sent_to_log_in(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(LOGIN)


def load_twice(browser: Client, path: str = "/") -> None:
    """Two pages; the second must read the signed-in user from memory."""
    assert browser.get(path).status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert browser.get(path).status_code == 200
    assert user_reads(second) == [], "the user was not kept, so the test would prove nothing"


@committed
def test_two_requests_without_a_write_load_the_user_once(programme_manager):
    """The second page reads the signed-in user from memory, not from the database."""
    browser = signed_in(programme_manager)

    with CaptureQueriesContext(connection) as first:
        assert browser.get("/").status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert browser.get("/").status_code == 200

    assert user_reads(first), "the first request should load the user"
    assert user_reads(second) == []
    assert len(second) < len(first)


@committed
def test_each_request_gets_its_own_copy_of_the_kept_user(programme_manager):
    """A view that changes request.user in memory must not change it for the next request."""
    backend = AuthenticationBackend()
    first = backend.get_user(programme_manager.pk)
    first.full_name = "Changed In Memory"

    with CaptureQueriesContext(connection) as queries:
        second = backend.get_user(programme_manager.pk)

    assert user_reads(queries) == [], "the second user should come from memory"
    assert second == first
    assert second is not first
    assert second.full_name == "Pat Manager"


@committed
def test_a_role_changed_by_a_bulk_update_takes_effect_on_the_next_request(programme_manager):
    """A programme manager made a councillor no longer reads the engagement log."""
    browser = signed_in(programme_manager)
    load_twice(browser, ENGAGEMENTS)

    User.objects.filter(pk=programme_manager.pk).update(role=Role.COUNCILLOR)

    assert browser.get(ENGAGEMENTS).status_code == 403


@committed
def test_a_user_deactivated_by_a_bulk_update_is_logged_out_on_the_next_request(
    programme_manager,
):
    browser = signed_in(programme_manager)
    load_twice(browser, ENGAGEMENTS)

    User.objects.filter(pk=programme_manager.pk).update(is_active=False)

    assert is_sent_to_log_in(browser.get(ENGAGEMENTS))


@committed
def test_a_password_changed_by_a_bulk_update_ends_the_session(programme_manager):
    """Changing a password must sign out whoever had it, as Django's session check promises."""
    browser = signed_in(programme_manager)
    load_twice(browser)

    User.objects.filter(pk=programme_manager.pk).update(
        password=make_password("a-new-long-password")
    )

    assert is_sent_to_log_in(browser.get("/"))
    assert is_sent_to_log_in(browser.get("/")), "the session should stay ended"


@pytest.mark.django_db
def test_a_change_inside_an_uncommitted_transaction_is_seen_at_once(programme_manager):
    """In a transaction that has written, nothing is kept: the change is read from the database."""
    browser = signed_in(programme_manager)
    assert browser.get(ENGAGEMENTS).status_code == 200

    User.objects.filter(pk=programme_manager.pk).update(role=Role.COUNCILLOR)

    assert browser.get(ENGAGEMENTS).status_code == 403


def cannot_replace(connection: object) -> None:
    raise DatabaseError("the token could not be replaced")


@committed
def test_a_deactivation_whose_token_was_not_replaced_takes_effect_within_five_minutes(
    programme_manager, monkeypatch
):
    """The token is replaced after the commit, and that can fail (improvement_portal/freshness.py
    says so); the five-minute clock step is then what bounds how long anything cached is served
    stale. A kept user is cached too: a deactivated person must not keep access for longer."""
    browser = signed_in(programme_manager)
    load_twice(browser)
    token_before = DataVersion.objects.get(id=1).token
    monkeypatch.setattr(freshness, "_replace_token", cannot_replace)

    User.objects.filter(pk=programme_manager.pk).update(is_active=False)
    assert DataVersion.objects.get(id=1).token == token_before, "the replacement should fail"

    with time_machine.travel(timezone.now() + timedelta(seconds=CLOCK_STEP_SECONDS)):
        assert is_sent_to_log_in(browser.get("/"))


def deactivate_in_another_process(user: User) -> None:
    """Runs the update in a separate Python process on the test database, as a worker would."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "improvement_portal.settings_test",
        # pytest-django's test database ("test_..."), not the one DATABASE_URL names.
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    code = (
        "from accounts.models import User; "
        f"User.objects.filter(pk={user.pk}).update(is_active=False)"
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )


@pytest.mark.slow
@committed
def test_a_user_deactivated_by_another_process_is_logged_out_on_the_next_request():
    """This process saw no write; only the version in the database tells it the user changed."""
    manager = UserFactory(email="pm@example.org", role=Role.PROGRAMME_MANAGER)
    browser = signed_in(manager)
    load_twice(browser)
    token_before = DataVersion.objects.get(id=1).token

    deactivate_in_another_process(manager)

    assert not User.objects.get(pk=manager.pk).is_active
    assert DataVersion.objects.get(id=1).token != token_before, "the other process's commit"
    assert is_sent_to_log_in(browser.get("/"))
