"""The login page lists the demo accounts in a local demo, and never with DEBUG off."""

from __future__ import annotations

import pytest
from django.urls import reverse

from demo import accounts as demo
from tests.factories.accounts import UserFactory


@pytest.fixture
def demo_seeded(tmp_path, monkeypatch, councils):
    monkeypatch.setattr(demo, "CREDENTIALS_FILE", tmp_path / ".demo-credentials")
    password = demo.demo_password()
    UserFactory(email="councillor@example.org", role="councillor")
    return password


def test_the_demo_login_page_lists_the_demo_accounts_and_password(client, settings, demo_seeded):
    settings.DEBUG = True

    page = client.get(reverse("account_login")).text

    assert "Demo accounts" in page
    assert "councillor@example.org" in page and demo_seeded in page
    assert "programme.manager@example.org" not in page  # not seeded here


def test_with_debug_off_the_demo_accounts_are_never_shown(client, settings, demo_seeded):
    settings.DEBUG = False

    page = client.get(reverse("account_login")).text

    assert "Demo accounts" not in page and demo_seeded not in page


def test_without_a_seeded_demo_nothing_is_shown(client, settings, tmp_path, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setattr(demo, "CREDENTIALS_FILE", tmp_path / "absent")

    assert "Demo accounts" not in client.get(reverse("account_login")).text
