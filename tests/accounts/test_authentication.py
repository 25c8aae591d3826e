"""Logging in and out, password reset, lock-out and session lifetime (allauth + axes)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories.accounts import UserFactory

PASSWORD = "a-long-test-password"
LOGIN_URL = "/accounts/login/"


@pytest.fixture
def person(db):
    return UserFactory(email="jo@example.org", full_name="Jo Bloggs")


def _log_in(client: Client, email: str, password: str):
    return client.post(LOGIN_URL, {"login": email, "password": password})


def test_logs_in_with_email_and_password_and_lands_on_the_dashboard(client, person):
    response = _log_in(client, "jo@example.org", PASSWORD)

    assert response.status_code == 302
    assert response.url == "/"
    assert client.get("/").context["user"] == person


def test_a_wrong_password_shows_an_error_and_keeps_the_email(client, person):
    response = _log_in(client, "jo@example.org", "not-the-password")

    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b'value="jo@example.org"' in response.content


def test_logging_out_ends_the_session(client, person):
    _log_in(client, "jo@example.org", PASSWORD)
    session_key = client.session.session_key

    client.post("/accounts/logout/")

    assert client.get("/").status_code == 302
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=session_key).exists()


def test_logging_in_gives_a_new_session_key(client, person):
    client.get(LOGIN_URL)
    client.session["before"] = True
    client.session.save()
    anonymous_key = client.session.session_key

    _log_in(client, "jo@example.org", PASSWORD)

    assert client.session.session_key != anonymous_key


def test_get_on_logout_does_not_log_out(client, person):
    _log_in(client, "jo@example.org", PASSWORD)

    client.get("/accounts/logout/")

    assert client.get("/").status_code == 200


def test_repeated_failures_lock_the_account_even_with_the_right_password(client, person):
    for _ in range(5):
        _log_in(client, "jo@example.org", "wrong-password")

    response = _log_in(client, "jo@example.org", PASSWORD)

    assert response.status_code == 429
    assert b"Too many attempts to log in" in response.content
    assert client.get("/").status_code == 302


def test_the_admin_has_no_login_form_of_its_own_so_the_lock_out_covers_it(client, db):
    UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)

    sent = client.post("/admin/login/", {"username": "admin@example.org", "password": PASSWORD})
    for _ in range(5):
        _log_in(client, "admin@example.org", "wrong")
    response = _log_in(client, "admin@example.org", PASSWORD)

    assert sent.status_code == 302
    assert sent.url.startswith("/accounts/login/?next=")
    assert response.status_code == 429
    assert client.get("/admin/").status_code == 302


def test_password_reset_answers_the_same_whether_or_not_the_email_exists(
    client, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # emails leave after commit
        known = client.post("/accounts/password/reset/", {"email": "jo@example.org"})
        unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert [m.to for m in mail.outbox] == [["jo@example.org"]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_password_reset_for_an_unknown_address_sends_nothing(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:  # emails leave after commit
        response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert mail.outbox == []
    assert not callbacks, "nothing is queued to send either"


def test_failed_logins_for_many_accounts_from_one_address_are_refused(db):
    people = [UserFactory(email=f"sprayed{n}@example.org") for n in range(11)]
    office = Client(REMOTE_ADDR="198.51.100.20")
    for person in people[:10]:
        assert _log_in(office, person.email, "Summer2026!").status_code == 200

    refused = _log_in(office, people[10].email, PASSWORD)
    elsewhere = _log_in(Client(REMOTE_ADDR="198.51.100.21"), people[10].email, PASSWORD)

    assert refused.status_code == 200
    assert b"Too many failed attempts to log in from your network" in refused.content
    assert elsewhere.status_code == 302


SPRAYED = "Too many failed attempts to log in from your network"


def _spray(client: Client, people: list, at: datetime.datetime) -> None:
    with time_machine.travel(at, tick=False):
        for person in people:
            assert SPRAYED.encode() not in _log_in(client, person.email, "Summer2026!").content


def _refused_at(client: Client, person, at: datetime.datetime) -> bool:
    with time_machine.travel(at, tick=False):
        response = _log_in(client, person.email, PASSWORD)
    return SPRAYED.encode() in response.content and response.status_code == 200


def test_spraying_from_one_address_is_first_slowed_then_refused_for_the_hour(db):
    """Ten failures in a minute pause the address for the rest of that minute; thirty in an
    hour refuse it until the hour has passed. Nobody's request waits: each is answered at once."""
    people = [UserFactory(email=f"sprayed{n}@example.org") for n in range(31)]
    office = Client(REMOTE_ADDR="198.51.100.20")
    start = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)
    minute = datetime.timedelta(minutes=1, seconds=1)

    _spray(office, people[:10], start)
    paused = _refused_at(office, people[30], start + datetime.timedelta(seconds=30))
    _spray(office, people[10:20], start + minute)
    _spray(office, people[20:30], start + 2 * minute)
    refused_later = _refused_at(office, people[30], start + datetime.timedelta(minutes=40))
    after_the_hour = _refused_at(office, people[30], start + datetime.timedelta(minutes=62))

    assert paused, "the eleventh failure in a minute is refused"
    assert refused_later, "the thirty-first in an hour is refused well after the minute"
    assert not after_the_hour


def test_people_cannot_add_a_login_address_to_their_own_account(
    client, person, django_capture_on_commit_callbacks
):
    client.post(LOGIN_URL, {"login": "jo@example.org", "password": PASSWORD})

    page = client.get("/accounts/email/")
    with django_capture_on_commit_callbacks(execute=True):  # a confirmation would leave then
        response = client.post(
            "/accounts/email/", {"action_add": "", "email": "jo.personal@example.com"}
        )

    from allauth.account.models import EmailAddress

    assert b"jo.personal" not in page.content
    assert b'name="action_add"' not in page.content
    assert list(EmailAddress.objects.filter(user=person).values_list("email", flat=True)) == [
        "jo@example.org"
    ]
    assert response.status_code == 200
    assert mail.outbox == []


def test_password_reset_link_sets_a_new_password(
    client, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # emails leave after commit
        client.post("/accounts/password/reset/", {"email": "jo@example.org"})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/key/" in line)
    path = link[link.index("/accounts/") :].strip()

    form_page = client.get(path, follow=True)
    new_password = "a-brand-new-long-password"
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
        {"password1": new_password, "password2": new_password},
    )

    person.refresh_from_db()
    assert person.check_password(new_password)


def test_sign_up_is_closed_so_only_onboarded_people_have_accounts(client, db):
    from accounts.models import User

    response = client.post(
        "/accounts/signup/", {"email": "stranger@example.org", "password1": "x" * 20}
    )

    assert "account/signup_closed.html" in [t.name for t in response.templates]
    assert not User.objects.filter(email="stranger@example.org").exists()


@pytest.mark.django_db
def test_an_idle_session_expires_after_30_minutes(client, person):
    start = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        _log_in(client, "jo@example.org", PASSWORD)
    with time_machine.travel(start + datetime.timedelta(minutes=29), tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=60), tick=False):
        assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_a_busy_session_still_ends_12_hours_after_login(client, person):
    start = datetime.datetime(2026, 1, 5, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        _log_in(client, "jo@example.org", PASSWORD)
    for minutes in range(20, 12 * 60, 20):
        with time_machine.travel(start + datetime.timedelta(minutes=minutes), tick=False):
            assert client.get("/").status_code == 200
    with time_machine.travel(start + datetime.timedelta(hours=12, minutes=5), tick=False):
        response = client.get("/")

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_reading_pages_renews_the_idle_clock_without_a_write_on_every_page(client, person):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    start = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        _log_in(client, "jo@example.org", PASSWORD)
        client.get("/")
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
    assert not any('UPDATE "django_session"' in q["sql"] for q in queries.captured_queries)
    with time_machine.travel(start + datetime.timedelta(minutes=25), tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=50), tick=False):
        assert client.get("/").status_code == 200


def test_other_rate_limits_answer_with_a_page_in_the_portals_words(db):
    office = Client(REMOTE_ADDR="198.51.100.30")
    for n in range(20):
        office.post("/accounts/password/reset/", {"email": f"someone{n}@example.org"})

    response = office.post("/accounts/password/reset/", {"email": "late@example.org"})

    assert response.status_code == 429
    assert b"Too many requests" in response.content
    assert b"Wait a few minutes" in response.content
