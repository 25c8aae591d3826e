"""`migrate` alone makes a working portal: on an empty database, a person can log in at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

# Run in the fresh database after `migrate`: onboard a person as the ORM would, then log in
# through the real login form and open the dashboard.
LOG_IN = """
import django
django.setup()
from allauth.account.models import EmailAddress
from django.test import Client
from accounts.models import User
user = User.objects.create_user(email="first@example.org", password="a-long-fresh-password",
                                full_name="First Person")
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
client = Client()
response = client.post("/accounts/login/",
                       {"login": "first@example.org", "password": "a-long-fresh-password"})
print("login", response.status_code, response.headers.get("Location"))
print("dashboard", client.get("/").status_code)
"""


@pytest.fixture
def empty_database():
    """A PostgreSQL database of this test's own with nothing in it, dropped afterwards."""
    settings = connection.settings_dict
    name = f"{settings['NAME']}_fresh"
    server = f"host={settings['HOST']} port={settings['PORT']} user={settings['USER']}"
    with psycopg.connect(f"{server} dbname=postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{name}"
    with psycopg.connect(f"{server} dbname=postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(args: list[str], database_url: str) -> str:
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "PYTEST_XDIST_WORKER")},
        "DJANGO_SETTINGS_MODULE": "improvement_portal.settings",
        "DATABASE_URL": database_url,
    }
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.slow
def test_migrate_alone_then_a_login_succeeds(empty_database):
    _run(["manage.py", "migrate", "--noinput", "-v", "0"], empty_database)

    output = _run(["-c", LOG_IN], empty_database)

    assert "login 302 /" in output
    assert "dashboard 200" in output
