"""No way in skips the second factor, and wrong codes are limited, logged and explained."""

from __future__ import annotations

import logging

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail
from django.test import Client

from accounts.models import User
from accounts.roles import Role
from tests.factories.accounts import UserFactory

PASSWORD = "a-long-test-password"
EXPORT = "/engagements/export.csv"
WRONG = "000000"


@pytest.fixture(autouse=True)
def mfa_required(settings):
    settings.MFA_REQUIRED_FOR_STAFF_ROLES = True


def with_totp(user: User) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def current_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    counter = counters[len(counters) // 2]
    return format_hotp_value(hotp_value(secret, counter))


def wrong_code(secret: str) -> str:
    right = {format_hotp_value(hotp_value(secret, c)) for c in yield_hotp_counters_from_time()}
    return next(code for code in ("000000", "111111", "222222") if code not in right)


@pytest.fixture
def superuser(councils) -> User:
    return UserFactory(
        email="admin@example.org",
        role=Role.PROGRAMME_MANAGER,
        is_staff=True,
        is_superuser=True,
    )


def password_login(client: Client, user: User):
    return client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})


def test_the_admin_login_form_gives_no_session_for_a_password(client, superuser):
    with_totp(superuser)

    response = client.post(
        "/admin/login/?next=/admin/", {"username": superuser.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert client.get(EXPORT).status_code == 302
    assert client.get("/admin/").status_code == 302


def test_the_portal_login_asks_for_the_code_before_any_page(client, programme_manager):
    secret = with_totp(programme_manager)

    response = password_login(client, programme_manager)

    assert response.url == "/accounts/2fa/authenticate/"
    assert client.get(EXPORT).url.startswith("/accounts/login/")
    client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert client.get(EXPORT).status_code == 200


def test_the_admin_is_reached_through_the_portal_login_and_the_code(client, superuser):
    secret = with_totp(superuser)

    sent_to = client.get("/admin/login/?next=/admin/")
    password_login(client, superuser)
    client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})

    assert sent_to.url.startswith("/accounts/login/?next=")
    assert client.get("/admin/").status_code == 200


def test_admin_staff_without_a_second_factor_must_set_one_up(client, db):
    staff = UserFactory(email="staff@example.org", is_staff=True, is_superuser=True)
    client.force_login(staff)

    assert client.get("/admin/").url == "/accounts/2fa/totp/activate/"


def test_setting_a_new_password_by_the_emailed_link_does_not_log_in(client, programme_manager):
    with_totp(programme_manager)
    client.post("/accounts/password/reset/", {"email": programme_manager.email})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/key/" in line)
    form_page = client.get(link[link.index("/accounts/") :].strip(), follow=True)
    new_password = "a-brand-new-long-password"

    client.post(
        form_page.redirect_chain[-1][0], {"password1": new_password, "password2": new_password}
    )

    programme_manager.refresh_from_db()
    assert programme_manager.check_password(new_password)
    assert "_auth_user_id" not in client.session
    assert client.get(EXPORT).status_code == 302


def test_wrong_codes_lock_the_account_after_five_even_for_the_right_code(client, programme_manager):
    secret = with_totp(programme_manager)
    password_login(client, programme_manager)
    for _ in range(5):
        refused = client.post("/accounts/2fa/authenticate/", {"code": wrong_code(secret)})
        assert refused.status_code == 200

    response = client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})

    assert response.status_code == 429
    assert b"Too many wrong codes" in response.content
    assert b"recovery codes" in response.content
    assert client.get(EXPORT).status_code == 302


def test_the_lock_holds_from_another_address_and_a_new_login(programme_manager):
    secret = with_totp(programme_manager)
    first = Client(REMOTE_ADDR="198.51.100.1")
    password_login(first, programme_manager)
    for _ in range(5):
        first.post("/accounts/2fa/authenticate/", {"code": wrong_code(secret)})

    second = Client(REMOTE_ADDR="198.51.100.2")
    password_login(second, programme_manager)
    response = second.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})

    assert response.status_code == 429


def test_wrong_codes_for_several_accounts_from_one_address_are_refused(db):
    people = [UserFactory(email=f"adviser{n}@example.org") for n in range(3)]
    secrets = [with_totp(person) for person in people]
    attempts = 0
    for person, secret in zip(people, secrets, strict=True):
        client = Client(REMOTE_ADDR="198.51.100.9")
        password_login(client, person)
        for _ in range(4):
            if attempts < 10:
                client.post("/accounts/2fa/authenticate/", {"code": wrong_code(secret)})
                attempts += 1

    response = client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})

    assert response.status_code == 429


def test_every_code_attempt_is_logged_with_account_and_address(client, programme_manager, caplog):
    secret = with_totp(programme_manager)
    password_login(client, programme_manager)

    with caplog.at_level(logging.INFO, logger="accounts.security"):
        client.post("/accounts/2fa/authenticate/", {"code": wrong_code(secret)})
        client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})

    messages = [record.getMessage() for record in caplog.records]
    pk = programme_manager.pk
    assert messages == [
        f"Wrong second-factor code for user {pk} from 127.0.0.1",
        f"Second-factor code accepted for user {pk} from 127.0.0.1",
    ]


def test_a_right_code_does_not_use_up_the_allowance(client, programme_manager):
    secret = with_totp(programme_manager)
    for _ in range(3):
        password_login(client, programme_manager)
        client.post("/accounts/2fa/authenticate/", {"code": wrong_code(secret)})
        Authenticator.objects.filter(user=programme_manager).update(last_used_at=None)
        client.logout()

    password_login(client, programme_manager)
    client.post("/accounts/2fa/authenticate/", {"code": wrong_code(secret)})
    response = client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})

    assert response.status_code == 302
    assert client.get(EXPORT).status_code == 200
