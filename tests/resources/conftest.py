from __future__ import annotations

import pytest

from accounts.roles import Role
from tests.factories.accounts import UserFactory


@pytest.fixture
def manager(db: None):
    """A programme manager without the real council list, for tests that need no councils."""
    return UserFactory(email="manager@example.org", role=Role.PROGRAMME_MANAGER)
