"""One version for all the portal's data, so that rendered fragments can be cached safely.

Every INSERT, UPDATE or DELETE on a table of the portal's data gives the version a new value
once its transaction commits. Anything cached under the old version (a rendered table, a
signed-in user) is never read again, so a cache hit is always as fresh as a database read.
Writes are noticed where SQL is executed, not by model signals: saves, bulk updates, bulk
inserts, imports and raw SQL all count, in web processes, workers and commands alike.

The version is a random token in the database, replaced after each commit that wrote data,
so every process sees it. Inside a transaction that has written and not yet committed there
is no version: what it reads may still be rolled back, so nothing read there is cached.
If the replacement itself fails after a commit, the fragments' five-minute clock step bounds
how long anything can be served stale.

Tables that change without changing what any page shows (sessions, the cache table, login
attempt records, the version itself) do not move it; otherwise every page view that renews a
session would empty every cache.
"""

from __future__ import annotations

import re
import secrets
import time
import weakref
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, cast

from django.core.cache import caches
from django.db import DatabaseError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse

TABLE = "portal_data_version"
IGNORED_TABLES = frozenset(
    {
        TABLE,
        "django_session",
        "portal_cache",
        "axes_accessattempt",
        "axes_accessfailurelog",
        "axes_accesslog",
    }
)
_WRITE = re.compile(
    r'\s*(?:(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?|TRUNCATE\b|MERGE\b)', re.IGNORECASE
)
# What depends on the clock ("upcoming", "overdue"), and anything a failed replacement left
# under an old version, is kept for at most one step.
CLOCK_STEP_SECONDS = 5 * 60

_replacers: weakref.WeakKeyDictionary[BaseDatabaseWrapper, Callable[[], None]] = (
    weakref.WeakKeyDictionary()
)

_NOT_IN_REQUEST = object()
_UNREAD = object()
_request_token: ContextVar[object] = ContextVar("portal_data_token", default=_NOT_IN_REQUEST)


def version() -> str | None:
    """The current version, or None when it cannot be known (then nothing may be cached)."""
    if _uncommitted_writes(connections["default"]):
        return None
    state = _request_token.get()
    if state is _NOT_IN_REQUEST:
        return _read_token()
    if state is _UNREAD:
        token = _read_token()
        _request_token.set(token)
        return token
    return cast(str | None, state)


def remembered(
    key: str, build: Callable[[], Any], keep: Callable[[Any], bool] | None = None
) -> Any:
    """``build()``, kept in this process's memory under the version and clock step.

    For values read on every request that only a write can change. None is never kept, nor
    a value that ``keep`` refuses.
    """
    current = version()
    if current is None:
        return build()
    cache = caches["fragments"]
    full_key = f"{key}:{current}:{clock_step()}"
    value = cache.get(full_key)
    if value is None:
        value = build()
        if value is not None and (keep is None or keep(value)):
            cache.set(full_key, value)
    return value


def clock_step() -> int:
    """The current clock step: part of every cache key, with the version."""
    return int(time.time() // CLOCK_STEP_SECONDS)


def _uncommitted_writes(connection: BaseDatabaseWrapper) -> bool:
    if not connection.in_atomic_block:
        return False
    replace = _replacers.get(connection)
    return replace is not None and any(entry[1] is replace for entry in connection.run_on_commit)


def _read_token() -> str | None:
    with connections["default"].cursor() as cursor:
        cursor.execute(f"SELECT token FROM {TABLE} WHERE id = 1")  # noqa: S608 - a constant
        row = cursor.fetchone()
    return row[0] if row else None


def _replace_token(connection: BaseDatabaseWrapper) -> None:
    # Runs after the commit, or at once in autocommit: never inside a transaction.
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {TABLE} (id, token) VALUES (1, %s) "  # noqa: S608 - a constant
                "ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token",
                [secrets.token_hex(8)],
            )
    except DatabaseError:
        # While `migrate` builds an empty database there is no table, and nothing cached.
        if TABLE in connection.introspection.table_names():
            raise
        return
    # A request that wrote reads the new token for the rest of its work.
    if _request_token.get() is not _NOT_IN_REQUEST:
        _request_token.set(_UNREAD)


def _notice_writes(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    result = execute(sql, params, many, context)
    match = _WRITE.match(sql)
    if match and (match.group(1) or "").lower() not in IGNORED_TABLES:
        _data_changed(context["connection"])
    return result


def _data_changed(connection: BaseDatabaseWrapper) -> None:
    if not connection.in_atomic_block and not connection.get_autocommit():
        # Transactions managed by hand give no commit to wait for; the portal uses none,
        # and the fragments' clock step bounds what could be served stale.
        return
    replace = _replacer_for(connection)
    # One replacement per transaction, however many rows it writes. Django forgets the
    # callbacks of a transaction or savepoint that is rolled back, so nothing stays pending.
    if not any(entry[1] is replace for entry in connection.run_on_commit):
        transaction.on_commit(replace, using=connection.alias, robust=True)


def _replacer_for(connection: BaseDatabaseWrapper) -> Callable[[], None]:
    """One callable per connection, so that its pending callback can be recognised."""
    replace = _replacers.get(connection)
    if replace is None:
        # Holds the connection weakly, so that the registry never keeps one alive.
        reference = weakref.ref(connection)

        def replace() -> None:
            alive = reference()
            if alive is not None:
                _replace_token(alive)

        _replacers[connection] = replace
    return replace


def watch(connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """Installs the write watcher on a database connection (on `connection_created`)."""
    if _notice_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_notice_writes)


class FreshnessMiddleware:
    """Reads the database token at most once a request, and only if something is cached."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reset = _request_token.set(_UNREAD)
        try:
            return self.get_response(request)
        finally:
            _request_token.reset(reset)
