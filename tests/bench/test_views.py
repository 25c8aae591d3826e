"""The benchmark's reference views: what `make bench` holds every page against.

Only the benchmark's own server mounts them (bench.settings); here they are called directly,
with the benchmark's template folder added.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from bench import settings as bench_settings
from bench import views
from tests.factories.advisers import EngagementFactory


@pytest.fixture(autouse=True)
def bench_templates(settings) -> None:
    settings.TEMPLATES = bench_settings.TEMPLATES


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_trivial_floor_is_plain_text():
    response = views.trivial(RequestFactory().get("/bench/trivial"))

    assert response.content == b"ok" and response["Content-Type"].startswith("text/plain")


@pytest.mark.django_db
def test_the_floor_is_the_base_layout_with_a_50_row_8_column_table_and_no_queries(
    django_assert_num_queries,
):
    request = RequestFactory().get("/bench/floor")
    request.user = None

    with django_assert_num_queries(0):
        html = views.floor(request).content.decode()

    assert html.count('<tr class="govuk-table__row">') == 51  # the heading row and 50 rows
    assert html.count('<td class="govuk-table__cell">') == 400
    assert 'class="govuk-template__body"' in html


def test_the_bare_export_streams_the_same_rows_and_cells_as_the_export(
    login, programme_manager, camden, leeds
):
    EngagementFactory(council=camden, summary="Met the director", confidential_notes="Private")
    EngagementFactory(council=leeds, summary="=SUM(A1:A2)")
    request = RequestFactory().get("/bench/export-bare.csv")
    request.user = programme_manager

    bare = _csv(views.export_bare(request))
    export = _csv(login(programme_manager).get("/engagements/export.csv"))

    assert len(bare) == len(export) == 3 and len(bare[0]) == len(export[0]) == 14
    # Bare: values as stored, no labels and no formula guard; the export adds both.
    assert [row[11] for row in bare[1:]] == ["Met the director", "=SUM(A1:A2)"]
    assert [row[11] for row in export[1:]] == ["Met the director", "'=SUM(A1:A2)"]
    assert [row[13] for row in bare[1:]] == [row[13] for row in export[1:]] == ["Private", ""]


def test_only_people_who_may_export_engagements_get_the_bare_export(councillor):
    request = RequestFactory().get("/bench/export-bare.csv")
    request.user = councillor

    with pytest.raises(PermissionDenied):
        views.export_bare(request)


def test_the_benchmark_server_mounts_the_reference_views_beside_the_portal(settings):
    from django.urls import resolve

    settings.ROOT_URLCONF = "bench.urls"

    assert resolve("/bench/floor").func is views.floor
    assert resolve("/bench/trivial").func is views.trivial
    assert resolve("/engagements/").url_name == "engagement-list"
