"""The data version: every committed write to the portal's data gives it a new value.

Cached fragments and signed-in users are kept under this version, so a write the version
misses would show people stale pages, and a version that moves for nothing would make the
cache useless. These run on the real PostgreSQL server; the transactional ones commit.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
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


def local_count(version: str | None) -> str:
    assert version is not None
    return version.rpartition(".")[2]


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
def test_every_kind_of_write_gives_a_new_version_and_a_new_token(data_version, write):
    """Bulk updates, bulk inserts and raw SQL change pages as surely as a model save does."""
    user = UserFactory(email="writer@example.org")
    before, token_before = freshness.version(), db_token()

    write(user)

    assert freshness.version() != before
    assert db_token() != token_before


@pytest.mark.django_db
def test_a_write_inside_a_test_transaction_still_gives_a_new_version(data_version):
    """The process's own count moves even when nothing commits, as in most of the test suite."""
    user = UserFactory(email="writer@example.org")
    before = freshness.version()

    update(user)

    assert freshness.version() != before


def write_session() -> None:
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session["seen"] = True
    session.save()
    session["seen"] = False
    session.save()


def write_database_cache() -> None:
    caches["default"].set("freshness-test", "a value")
    caches["default"].delete("freshness-test")


@committed
@pytest.mark.parametrize("write", [write_session, write_database_cache], ids=["session", "cache"])
def test_sessions_and_the_cache_table_do_not_move_the_version(data_version, write):
    """Renewing a session on every page view must not empty every cache."""
    before, token_before = freshness.version(), db_token()

    write()

    assert freshness.version() == before
    assert db_token() == token_before


@committed
def test_inside_a_transaction_only_this_process_sees_the_new_version_until_commit(data_version):
    """Other processes must not drop their caches for data they cannot read yet."""
    user = UserFactory(email="writer@example.org")
    token_before = db_token()
    count_before = local_count(freshness.version())

    with transaction.atomic():
        update(user)

        assert db_token() == token_before
        version = freshness.version()
        assert version is not None
        assert version.startswith(f"{token_before}.")
        assert local_count(version) != count_before

    assert db_token() != token_before


@committed
def test_a_rolled_back_transaction_keeps_the_token_and_the_next_commit_replaces_it(
    data_version,
):
    """Nothing was written, so nothing is retired; and a rollback must not stop later commits."""
    user = UserFactory(email="writer@example.org")
    token_before = db_token()

    with transaction.atomic():
        update(user)
        transaction.set_rollback(True)

    assert db_token() == token_before

    with transaction.atomic():
        update(user)
    assert db_token() != token_before


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


@pytest.mark.django_db
def test_without_the_version_row_the_version_is_unknown(data_version):
    """Then nothing may be cached, rather than everything being cached forever."""
    DataVersion.objects.all().delete()

    assert freshness.version() is None


@committed
def test_a_committed_write_puts_back_a_missing_version_row(data_version):
    """After the row is lost (a flushed database), the next write brings caching back."""
    DataVersion.objects.all().delete()
    user = UserFactory(email="writer@example.org")

    update(user)

    assert freshness.version() is not None
