"""The councils demo data: every real council and Ofsted's real history, loaded once."""

from __future__ import annotations

import io
import random

import pytest

from councils.models import OfstedInspection
from demo import DemoContext
from demo import councils as demo

pytestmark = pytest.mark.django_db


def test_seeding_loads_real_history_and_seeding_again_adds_nothing(db):
    context = DemoContext(scale=0.05, rng=random.Random(1), stdout=io.StringIO())

    first = demo.seed(context)
    again = demo.seed(context)

    assert "504 Ofsted inspections and visits added from 5 files" in first
    assert "0 Ofsted inspections and visits added" in again
    assert OfstedInspection.objects.exclude(overall_effectiveness=None).count() == 271 + 173
