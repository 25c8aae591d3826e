"""Two-factor authentication (allauth TOTP) is required of staff roles when the setting is on."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator

from tests.conftest import PERSONAS

STAFF = ["programme_manager", "principal_adviser", "improvement_adviser"]


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED_FOR_STAFF_ROLES = True


@pytest.mark.parametrize("persona", PERSONAS)
def test_staff_roles_are_sent_to_set_up_two_factor_first(persona, request, login, mfa_required):
    user = request.getfixturevalue(persona)

    response = login(user).get("/")

    if persona in STAFF:
        assert response.status_code == 302
        assert response.url == "/accounts/2fa/totp/activate/"
    else:
        assert response.status_code == 200


def test_after_logging_in_the_set_up_page_shows_a_code_to_scan(
    client, programme_manager, mfa_required
):
    logged_in = client.post(
        "/accounts/login/", {"login": programme_manager.email, "password": "a-long-test-password"}
    )
    assert logged_in.status_code == 302

    asked_again = client.get("/accounts/2fa/totp/activate/")
    assert asked_again.url.startswith("/accounts/reauthenticate/")
    client.post(asked_again.url, {"password": "a-long-test-password"})

    response = client.get("/accounts/2fa/totp/activate/")

    assert response.status_code == 200
    assert "form" in response.context


def test_once_set_up_staff_use_the_portal(login, programme_manager, mfa_required):
    Authenticator.objects.create(
        user=programme_manager, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )

    assert login(programme_manager).get("/").status_code == 200


def test_the_local_demo_may_relax_it(login, programme_manager, settings):
    settings.MFA_REQUIRED_FOR_STAFF_ROLES = False

    assert login(programme_manager).get("/").status_code == 200
