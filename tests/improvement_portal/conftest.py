"""Readers of the main pages, with something on each page to read."""

from __future__ import annotations

import datetime

import pytest

from tests.factories.advisers import AdviserFactory, EngagementFactory


@pytest.fixture
def world(programme_manager, principal_adviser, councillor, camden) -> dict:
    AdviserFactory(
        user=principal_adviser, kind="principal_adviser", region=principal_adviser.region
    )
    EngagementFactory(council=camden, adviser__user=principal_adviser, date=datetime.date.today())
    return {
        "programme_manager": programme_manager,
        "principal_adviser": principal_adviser,
        "councillor": councillor,
    }
