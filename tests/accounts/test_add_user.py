"""add_user onboards a person with a role and prints a one-time link to set a password."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from accounts.roles import Role


def _add_user(*args: str) -> str:
    out = io.StringIO()
    call_command("add_user", *args, stdout=out)
    return out.getvalue()


def test_onboards_a_councillor_of_a_council_and_the_link_sets_a_password(client, camden):
    output = _add_user("cllr@example.org", "--role", "councillor", "--council", camden.gss_code)

    user = User.objects.get(email="cllr@example.org")
    assert user.role == Role.COUNCILLOR
    assert user.council == camden
    assert user.region == camden.region
    assert not user.has_usable_password()
    path = re.search(r"http://127.0.0.1:8000(\S+)", output).group(1)
    form = client.get(path, follow=True)
    assert form.status_code == 200
    client.post(
        form.redirect_chain[-1][0],
        {"password1": "a-new-long-password", "password2": "a-new-long-password"},
    )
    user.refresh_from_db()
    assert user.check_password("a-new-long-password")


def test_the_link_works_only_once(client, camden):
    output = _add_user("cllr@example.org", "--role", "councillor", "--council", camden.gss_code)
    path = re.search(r"http://127.0.0.1:8000(\S+)", output).group(1)
    form = client.get(path, follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"password1": "a-new-long-password", "password2": "a-new-long-password"},
    )

    again = client.get(path, follow=True)

    assert b"Bad Token" in again.content or b"invalid" in again.content.lower()


def test_a_principal_adviser_needs_a_region(councils):
    with pytest.raises(CommandError, match="needs a region"):
        _add_user("pa@example.org", "--role", "principal_adviser")

    output = _add_user("pa@example.org", "--role", "principal_adviser", "--region", "E12000007")

    assert User.objects.get(email="pa@example.org").region.name == "London"
    assert "Principal adviser" in output


def test_unknown_codes_are_refused_with_a_clear_message(councils):
    with pytest.raises(CommandError, match="No council with GSS code E09999999"):
        _add_user("x@example.org", "--role", "councillor", "--council", "E09999999")
    with pytest.raises(CommandError, match="No region with code E12999999"):
        _add_user("x@example.org", "--role", "principal_adviser", "--region", "E12999999")
    assert not User.objects.filter(email="x@example.org").exists()
