"""The data version: every committed write to the portal's data gives it a new token.

Cached fragments and signed-in users are kept under this version, so a write the version
misses would show people stale pages, and a version that moves for nothing would make the
cache useless. Inside a transaction that has written and not yet committed there is no
version at all, since what it reads may still be rolled back. These run on the real
PostgreSQL server; the transactional ones commit, as the portal's requests do.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from accounts.roles import Role
from improvement_portal import freshness
from improvement_portal.models import DataVersion
from tests.factories.accounts import UserFactory

committed = pytest.mark.django_db(transaction=True)


@pytest.fixture
def data_version(db: None) -> DataVersion:
    """The version row, which a transactional test's flush may have removed."""
    row, _ = DataVersion.objects.get_or_create(id=1, defaults={"token": "first-token"})
    return row


def db_token() -> str:
    """The token every process reads, straight from its row."""
    return DataVersion.objects.get(id=1).token


def save(user: User) -> None:
    user.full_name = "Saved Name"
    user.save()


def update(user: User) -> None:
    User.objects.filter(pk=user.pk).update(full_name="Updated Name")


def bulk_create(user: User) -> None:
    User.objects.bulk_create(
        [User(email="bulk1@example.org", full_name="Bulk One"), User(email="bulk2@example.org")]
    )


def raw_update(user: User) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_user SET full_name = %s WHERE id = %s", ["Raw", user.pk])


def delete(user: User) -> None:
    user.delete()


WRITES: list[Callable[[User], None]] = [save, update, bulk_create, raw_update, delete]


@committed
@pytest.mark.parametrize("write", WRITES, ids=lambda write: write.__name__)
def test_every_kind_of_write_replaces_the_token_once_it_commits(data_version, write):
    """Bulk updates, bulk inserts and raw SQL change pages as surely as a model save does."""
    user = UserFactory(email="writer@example.org")
    token_before = db_token()
    assert freshness.version() == token_before

    with transaction.atomic():
        write(user)

        assert freshness.version() is None, "nothing read here may be cached"
        assert db_token() == token_before, "other processes cannot read the write yet"

    assert db_token() != token_before
    assert freshness.version() == db_token()


@pytest.mark.django_db
def test_a_write_in_the_tests_own_transaction_leaves_no_version(data_version):
    """An ordinary test never commits: once it has written, nothing may be cached in it."""
    assert freshness.version() == db_token(), "reading alone must not make the version unknown"

    UserFactory(email="writer@example.org")

    assert freshness.version() is None


def write_session() -> None:
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session["seen"] = True
    session.save()
    session["seen"] = False
    session.save()
    session.delete()


def write_database_cache() -> None:
    caches["default"].set("freshness-test", "a value")
    caches["default"].delete("freshness-test")


@committed
@pytest.mark.parametrize("write", [write_session, write_database_cache], ids=["session", "cache"])
def test_sessions_and_the_cache_table_do_not_move_the_version(data_version, write):
    """Renewing a session on every page view must not empty every cache."""
    token_before = db_token()

    with transaction.atomic():
        write()
        assert freshness.version() == token_before, "such a write must not stop caching"

    assert db_token() == token_before
    assert freshness.version() == token_before


@committed
def test_inside_a_transaction_the_version_is_unknown_from_its_first_write_until_commit(
    data_version,
):
    """Other processes must not drop their caches for data they cannot read yet, and this one
    must not cache what it reads until the write is certain."""
    user = UserFactory(email="writer@example.org")
    token_before = db_token()

    with transaction.atomic():
        User.objects.get(pk=user.pk)
        assert freshness.version() == token_before, "reads alone keep the version"

        update(user)

        assert freshness.version() is None
        assert db_token() == token_before

    token_after = db_token()
    assert token_after != token_before
    assert freshness.version() == token_after


@committed
def test_a_rolled_back_transaction_keeps_the_token_and_the_next_commit_replaces_it(
    data_version,
):
    """Nothing was written, so nothing is retired; and a rollback must not stop later commits."""
    user = UserFactory(email="writer@example.org")
    token_before = db_token()

    with transaction.atomic():
        update(user)
        assert freshness.version() is None
        transaction.set_rollback(True)

    assert db_token() == token_before
    assert freshness.version() == token_before, "after a rollback caching is possible again"

    with transaction.atomic():
        update(user)
        assert freshness.version() is None
    assert db_token() != token_before
    assert freshness.version() == db_token()


@committed
def test_a_write_only_in_a_rolled_back_savepoint_leaves_the_version_alone(data_version):
    """The nested block's write never happened: the outer block may cache, and keeps the token."""
    user = UserFactory(email="writer@example.org")
    token_before = db_token()

    with transaction.atomic():
        with transaction.atomic():
            update(user)
            assert freshness.version() is None
            transaction.set_rollback(True)

        assert freshness.version() == token_before
        User.objects.get(pk=user.pk)

    assert db_token() == token_before


@committed
def test_a_write_kept_after_a_rolled_back_savepoint_still_replaces_the_token(data_version):
    """A nested block that fails takes its own callback with it, not the outer block's write."""
    user = UserFactory(email="writer@example.org")
    token_before = db_token()

    with transaction.atomic():
        with transaction.atomic():
            update(user)
            transaction.set_rollback(True)
        User.objects.filter(pk=user.pk).update(role=Role.ASSOCIATE)
        assert freshness.version() is None

    assert db_token() != token_before
    assert User.objects.get(pk=user.pk).role == Role.ASSOCIATE


@committed
def test_a_write_before_a_rolled_back_savepoint_still_replaces_the_token(data_version):
    """The outer block's write commits even though the nested one, which also wrote, did not."""
    user = UserFactory(email="writer@example.org")
    token_before = db_token()

    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(role=Role.ASSOCIATE)
        with transaction.atomic():
            update(user)
            transaction.set_rollback(True)
        assert freshness.version() is None, "the outer block's write is still uncommitted"

    assert db_token() != token_before


@committed
def test_a_write_in_a_savepoint_that_is_kept_replaces_the_token(data_version):
    """A nested block that succeeds hands its write to the outer one, which then commits it."""
    user = UserFactory(email="writer@example.org")
    token_before = db_token()

    with transaction.atomic():
        with transaction.atomic():
            update(user)
        assert freshness.version() is None

    assert db_token() != token_before


@committed
def test_one_transaction_with_many_writes_replaces_the_token_once(data_version):
    """An import of thousands of rows costs one extra statement, not one per row."""
    users = [UserFactory(email=f"writer{n}@example.org") for n in range(3)]
    token_before = db_token()

    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        for user in users:
            save(user)
        update(users[0])
        bulk_create(users[0])

    touching = [query["sql"] for query in queries if freshness.TABLE in query["sql"]]
    assert len(touching) == 1, touching
    assert db_token() != token_before
    assert freshness.version() == db_token()


@pytest.mark.django_db
def test_without_the_version_row_the_version_is_unknown(data_version):
    """Then nothing may be cached, rather than everything being cached forever."""
    assert freshness.version() is not None

    DataVersion.objects.all().delete()

    assert freshness.version() is None


@committed
def test_a_committed_write_puts_back_a_missing_version_row(data_version):
    """After the row is lost (a flushed database), the next write brings caching back."""
    user = UserFactory(email="writer@example.org")
    DataVersion.objects.all().delete()
    assert freshness.version() is None

    update(user)

    assert freshness.version() is not None
    assert freshness.version() == db_token()


def run_request(view: Callable[[HttpRequest], None]) -> None:
    """Runs ``view`` as a request through the middleware that memoises the token."""

    def get_response(request: HttpRequest) -> HttpResponse:
        view(request)
        return HttpResponse()

    freshness.FreshnessMiddleware(get_response)(RequestFactory().get("/"))


@pytest.mark.django_db
def test_a_request_reads_the_token_once(data_version):
    """A page with many fragments costs one read of the token, not one per fragment."""
    seen: list[str | None] = []
    reads: list[str] = []

    def view(request: HttpRequest) -> None:
        with CaptureQueriesContext(connection) as queries:
            seen.extend([freshness.version(), freshness.version(), freshness.version()])
        reads.extend(query["sql"] for query in queries if freshness.TABLE in query["sql"])

    run_request(view)

    assert seen == [data_version.token] * 3
    assert len(reads) == 1, reads


@committed
def test_a_request_that_commits_a_write_sees_the_new_token_afterwards(data_version):
    """Whatever the request renders after its own write must not go under the retired token."""
    user = UserFactory(email="writer@example.org")
    seen: list[str | None] = []
    tokens: list[str] = []

    def view(request: HttpRequest) -> None:
        seen.append(freshness.version())
        tokens.append(db_token())
        with transaction.atomic():
            update(user)
            seen.append(freshness.version())
        seen.append(freshness.version())
        tokens.append(db_token())
        save(user)  # outside any transaction: committed at once
        seen.append(freshness.version())
        tokens.append(db_token())

    run_request(view)

    assert len(set(tokens)) == 3, "each committed write should replace the token"
    assert seen == [tokens[0], None, tokens[1], tokens[2]]


@committed
def test_emptying_a_table_replaces_the_token(data_version):
    """TRUNCATE names no single table the way Django's writes do; it counts all the same."""
    before = db_token()

    with connection.cursor() as cursor:
        cursor.execute('TRUNCATE "resources_resource_topics"')

    assert db_token() != before


@committed
def test_a_remembered_value_is_built_again_only_after_a_committed_write(data_version):
    builds = []

    def build() -> str:
        builds.append(1)
        return f"build {len(builds)}"

    first = freshness.remembered("colour", build)
    again = freshness.remembered("colour", build)
    UserFactory(email="writer@example.org")
    after_write = freshness.remembered("colour", build)

    assert (first, again, after_write) == ("build 1", "build 1", "build 2")


@committed
def test_nothing_is_remembered_when_there_is_nothing_to_remember(data_version):
    builds = []

    def build() -> None:
        builds.append(1)

    freshness.remembered("missing", build)
    freshness.remembered("missing", build)

    assert len(builds) == 2
