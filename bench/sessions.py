"""Prints a signed-in session id for one demo user of each role (bench only)."""

from __future__ import annotations

import json
import time

import django

django.setup()

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from accounts.demo import DEMO_USERS
from accounts.middleware import SESSION_STARTED_KEY
from accounts.models import User


def signed_in(user: User) -> str:
    """A new session signed in as ``user``, as logging in makes; its key."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SESSION_STARTED_KEY] = time.time()
    session.set_expiry(3 * 60 * 60)
    session.create()
    return str(session.session_key)


def main() -> None:
    sessions = {}
    for email, role, *_ in DEMO_USERS:
        sessions[str(role)] = signed_in(User.objects.get(email=email))
    print(json.dumps(sessions))


if __name__ == "__main__":
    main()
