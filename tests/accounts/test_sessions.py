"""The session store: Django's database sessions, read with one hand-written statement."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.sessions import SessionStore

pytestmark = pytest.mark.django_db


def _saved(**data) -> str:
    store = SessionStore()
    store.update(data)
    store.save()
    return store.session_key


def test_a_saved_session_reads_back_in_one_query():
    key = _saved(colour="teal", count=3)

    with CaptureQueriesContext(connection) as queries:
        loaded = SessionStore(key)
        values = (loaded["colour"], loaded["count"])

    assert values == ("teal", 3)
    assert len(queries) == 1


def test_an_expired_session_is_empty_and_its_key_is_dropped():
    key = _saved(colour="teal")
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )

    loaded = SessionStore(key)

    assert loaded.get("colour") is None
    assert loaded.session_key is None


@pytest.mark.parametrize("key", ["no-such-session-key-at-all", "short", ""])
def test_an_unknown_or_malformed_key_gives_an_empty_session(key):
    loaded = SessionStore(key)

    assert dict(loaded.items()) == {}
    assert loaded.session_key is None


def test_saving_after_a_read_keeps_the_expiry_rules():
    key = _saved(colour="teal")
    loaded = SessionStore(key)
    loaded["colour"] = "plum"
    loaded.save()

    assert SessionStore(key)["colour"] == "plum"
    assert Session.objects.get(session_key=key).expire_date > timezone.now()
