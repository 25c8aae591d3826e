"""Council query helpers agree with the trajectory rules."""

from __future__ import annotations

import datetime

import pytest

from councils import services, trajectories
from councils.models import Council

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.mark.parametrize("on", [D(2016, 1, 1), D(2019, 6, 1), D(2022, 10, 1), D(2025, 6, 30)])
def test_latest_judgements_in_sql_match_the_trajectory_functions(councils, on):
    services.import_ofsted_directory()
    history = trajectories.load_history()

    annotated = Council.objects.with_latest_judgements(on)

    for council in annotated:
        overall = trajectories.latest_judgement(history[council.pk], on=on)
        leadership = trajectories.latest_judgement(history[council.pk], "leadership", on=on)
        assert council.latest_overall == (overall.grade if overall else None), council.name
        assert council.latest_leadership == (leadership.grade if leadership else None)
        assert council.latest_overall_published_on == (overall.published_on if overall else None)


def test_active_on_knows_reorganisations(councils):
    before = set(Council.objects.active_on(D(2019, 3, 31)).values_list("name", flat=True))
    after = set(Council.objects.active_on(D(2019, 4, 1)).values_list("name", flat=True))

    assert {"Bournemouth", "Poole"} <= before - after
    assert "Bournemouth, Christchurch and Poole" in after - before
    assert Council.objects.active_on(D(2025, 6, 30)).count() == 153
