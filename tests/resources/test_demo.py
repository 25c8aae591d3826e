"""The demo library holds the resources the LGA's offer names, and is the same every time."""

from __future__ import annotations

import io
import random

import pytest

from demo import DemoContext
from demo import resources as demo
from resources.models import Resource, Status

pytestmark = pytest.mark.django_db


def _seed(scale: float, seed: int = 2018) -> str:
    return demo.seed(DemoContext(scale=scale, rng=random.Random(seed), stdout=io.StringIO()))


def test_a_small_demo_has_every_named_resource_with_files_to_download():
    _seed(0.05)

    titles = set(Resource.objects.values_list("title", flat=True))
    assert {spec.title for spec in demo.NAMED} <= titles
    assert Resource.objects.filter(kind="must_know_guide").count() == 4
    pack = Resource.objects.get(title="Corporate parenting resource pack")
    assert pack.file.read().startswith(b"%PDF-")
    assert list(Resource.objects.search("Isos")) == [
        Resource.objects.get(title="Action research into improvement in local children's services")
    ]


def test_scale_one_fills_the_library_to_fifty_with_some_drafts():
    summary = _seed(1)

    assert Resource.objects.count() == 50
    assert Resource.objects.filter(status=Status.DRAFT).exists()
    assert summary.startswith("50 resources")


def test_the_same_seed_gives_the_same_library():
    _seed(1)
    first = list(Resource.objects.order_by("slug").values_list("slug", "file", "published_on"))
    Resource.objects.all().delete()

    _seed(1)
    second = list(Resource.objects.order_by("slug").values_list("slug", "file", "published_on"))

    assert first == second
