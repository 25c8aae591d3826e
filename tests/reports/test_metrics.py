"""The evaluation metrics on the hand-built history in conftest.py, answers worked out by hand."""

from __future__ import annotations

import datetime
from datetime import date

import pytest

from reports import builders, metrics
from reports.queries import Scope
from tests.factories.councils import CouncilFactory, RegionFactory
from tests.factories.reports import engagement, inspection

pytestmark = pytest.mark.django_db

START, END = date(2018, 4, 1), date(2020, 3, 31)


def evaluate(region=None, as_of: date = END) -> dict:
    return builders.build_evaluation(Scope(start=START, end=END, as_of=as_of, region=region))


def rows_by_council(evaluation: dict, table: str) -> dict[str, dict]:
    return {row["council"]: row for row in evaluation["tables"][table]}


def test_councils_engaged_counts_each_council_with_an_engagement_in_the_period_once(history):
    evaluation = evaluate()

    assert evaluation["councils_engaged"] == 8
    rows = rows_by_council(evaluation, "councils-engaged")
    assert sorted(rows) == [
        "Anyshire",
        "Bothshire",
        "Cumbridge",
        "Dunmore",
        "Eastwick",
        "Greyford",
        "Hollowmere",
        "Islingham",
    ]
    assert "Farfield" not in rows  # engaged the day before and the day after the period
    assert rows["Anyshire"] == {
        "gss_code": history["Anyshire"].gss_code,
        "council": "Anyshire",
        "region": "North",
        "first_engagement": "2018-05-10",
        "engagements": 2,
        "days": 3.5,
    }


def test_adviser_days_sum_the_period_by_strand_funding_and_region(history):
    evaluation = evaluate()

    # 1 + 2.5 + 0.5 + 2 + 1 (North) + 1 + 1.5 + 1 + 1 (South); Farfield's 7 days are outside.
    assert evaluation["adviser_days"] == 11.5
    by = evaluation["adviser_days_by"]
    assert {b["key"]: b["days"] for b in by["strand"]} == {
        "lead_member": 2.5,
        "intensive": 9.0,
        "peer_challenge": 0.0,
        "other": 0.0,
    }
    assert {b["key"]: b["days"] for b in by["funding"]} == {
        "free": 8.5,
        "subsidised": 2.5,
        "whole_cost": 0.5,
    }
    assert {b["label"]: b["days"] for b in by["region"]} == {"North": 7.0, "South": 4.5}
    assert by["commissioned_by_dfe"][0]["days"] == 0.5
    anyshire = rows_by_council(evaluation, "adviser-days")["Anyshire"]
    assert (anyshire["days_intensive"], anyshire["days_lead_member"], anyshire["days"]) == (
        1.0,
        2.5,
        3.5,
    )


def test_leadership_compares_the_judgement_before_the_first_engagement_with_the_latest_after(
    history,
):
    evaluation = evaluate()

    assert evaluation["leadership"] == {
        "improved": 2,  # Anyshire 4 → 3, Islingham 3 → 2
        "maintained": 1,  # Bothshire 2 → 2
        "declined": 1,  # Cumbridge 2 → 3
        "not_reinspected": 4,  # Dunmore, Eastwick, Greyford, Hollowmere
        "percent_improved_or_maintained": 75.0,  # 3 of 4
        "interval_95": [30.1, 95.4],  # Wilson, 3 of 4
    }
    rows = rows_by_council(evaluation, "leadership")
    assert rows["Islingham"]["baseline_published"] == "2018-10-01"  # same day counts as before
    assert rows["Islingham"]["outcome_published"] == "2019-10-01"
    assert rows["Eastwick"]["outcome_grade"] is None  # published June 2020, after as_of
    assert rows["Hollowmere"]["baseline_grade"] is None  # inherits nothing from Greyford
    assert {name: row["result"] for name, row in rows.items()} == {
        "Anyshire": "improved",
        "Bothshire": "maintained",
        "Cumbridge": "declined",
        "Dunmore": "not_reinspected",
        "Eastwick": "not_reinspected",
        "Greyford": "not_reinspected",
        "Hollowmere": "not_reinspected",
        "Islingham": "improved",
    }


def test_a_later_as_of_date_counts_inspections_published_after_the_period(history):
    evaluation = evaluate(as_of=date(2020, 12, 31))

    # Eastwick's June 2020 re-inspection (3 → 2) now counts; Hollowmere's May 2020 inspection
    # does not, as it has no judgement from before its first engagement.
    assert evaluation["leadership"] == {
        "improved": 3,
        "maintained": 1,
        "declined": 1,
        "not_reinspected": 3,
        "percent_improved_or_maintained": 80.0,
        "interval_95": [37.6, 96.4],  # Wilson, 4 of 5
    }


def test_ri_or_inadequate_counts_councils_existing_on_each_date_and_successors_inherit_nothing(
    history,
):
    evaluation = evaluate()

    assert evaluation["ri_or_inadequate"] == {
        "at_start": 6,
        "at_end": 5,
        "percent_change": -16.7,  # (5 - 6) / 6 = -16.67 %
    }
    rows = rows_by_council(evaluation, "ri-or-inadequate")
    assert rows["Greyford"]["ri_at_start"] is True
    assert rows["Greyford"]["ri_at_end"] is None  # abolished: not counted at the end
    assert rows["Hollowmere"]["ri_at_start"] is None  # not yet formed
    assert rows["Hollowmere"]["ri_at_end"] is False  # not judged by 31 March 2020
    assert rows["Islingham"]["ri_at_start"] is False  # first judged after the start
    assert rows["Farfield"]["grade_at_end"] == 2


def test_region_scope_counts_only_that_regions_councils(history):
    north = evaluate(region=history["Anyshire"].region)
    south = evaluate(region=history["Dunmore"].region)

    assert north["councils_engaged"] == 4
    assert north["adviser_days"] == 7.0
    assert north["leadership"]["percent_improved_or_maintained"] == 75.0
    assert north["ri_or_inadequate"] == {"at_start": 2, "at_end": 3, "percent_change": 50.0}
    assert north["scope"] == {"region": "E12900001", "name": "North"}

    assert south["councils_engaged"] == 4
    assert south["adviser_days"] == 4.5
    assert south["leadership"] == {
        "improved": 0,
        "maintained": 0,
        "declined": 0,
        "not_reinspected": 4,
        "percent_improved_or_maintained": None,  # nobody re-inspected: no percentage
        "interval_95": None,
    }
    assert south["ri_or_inadequate"] == {"at_start": 4, "at_end": 2, "percent_change": -50.0}


def test_an_empty_period_gives_zeros_and_no_percentages(history):
    evaluation = builders.build_evaluation(
        Scope(start=date(2010, 4, 1), end=date(2011, 3, 31), as_of=date(2011, 3, 31))
    )

    assert evaluation["councils_engaged"] == 0
    assert evaluation["adviser_days"] == 0
    assert evaluation["leadership"]["percent_improved_or_maintained"] is None
    # No council had been judged by 2011 here (the hand-built history starts in 2016).
    assert evaluation["ri_or_inadequate"] == {"at_start": 0, "at_end": 0, "percent_change": None}


def test_every_metric_runs_in_a_fixed_number_of_queries(history, django_assert_num_queries):
    scope = Scope(start=START, end=END, as_of=END)
    with django_assert_num_queries(7):
        builders.build_evaluation(scope)

    region = RegionFactory(code="E12900003", name="West", slug="west")
    for n in range(20):
        council = CouncilFactory(region=region)
        inspection(council, date(2017, 1, 1) + datetime.timedelta(days=n), overall=4, leadership=4)
        inspection(council, date(2019, 1, 1) + datetime.timedelta(days=n), overall=2, leadership=2)
        for month in range(5, 11):
            engagement(council, date(2018, month, 1 + n))

    with django_assert_num_queries(7):
        evaluation = builders.build_evaluation(scope)
    assert evaluation["councils_engaged"] == 28
    assert evaluation["leadership"]["improved"] == 22


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (3, 4, 75.0),
        (83, 100, 83.0),
        (1, 3, 33.3),
        (2, 3, 66.7),
        (1, 16, 6.3),  # 6.25 rounds half up, not to even
        (-13, 37, -35.1),
        (0, 5, 0.0),
        (1, 0, None),
    ],
)
def test_percentages_round_half_up_to_one_decimal(part, whole, expected):
    assert metrics.percent(part, whole) == expected


def test_percent_change_is_negative_for_a_fall():
    assert metrics.percent_change(40, 26) == -35.0
    assert metrics.percent_change(0, 3) is None


def test_the_comparison_group_is_the_councils_in_scope_not_engaged(history):
    north = evaluate(region=history["Anyshire"].region)
    south = evaluate(region=history["Dunmore"].region)
    south_later = evaluate(region=history["Dunmore"].region, as_of=date(2020, 12, 31))

    # Every North council was engaged: there is no comparison group, so nothing to subtract.
    assert north["comparison"]["councils"] == 0
    assert north["comparison"]["interval_95"] is None
    assert north["difference_points"] is None
    # South: only Farfield was not engaged (leadership 3 → 2 in May 2019); no engaged South
    # council was re-inspected by 31 March 2020, so the engaged side is empty instead.
    assert south["comparison"] == {
        "councils": 1,
        "improved": 1,
        "maintained": 0,
        "declined": 0,
        "not_reinspected": 0,
        "percent_improved_or_maintained": 100.0,
        "interval_95": [20.7, 100.0],
    }
    assert [row["council"] for row in south["tables"]["comparison"]] == ["Farfield"]
    assert south["difference_points"] is None
    # By 31 December 2020 Eastwick (engaged) has improved too: 100.0 − 100.0 = 0.0 points.
    assert south_later["difference_points"] == 0.0


def test_leadership_by_baseline_grade_splits_both_groups(history):
    north = evaluate(region=history["Anyshire"].region)

    rows = {(r["baseline_grade"], r["group"]): r for r in north["leadership_by_baseline_grade"]}
    # Anyshire started at 4 and improved; Bothshire and Cumbridge at 2 (one kept, one fell).
    assert rows[(4, "Engaged")]["improved"] == 1
    assert rows[(2, "Engaged")]["percent_improved_or_maintained"] == 50.0
    assert (rows[(2, "Engaged")]["interval_low"], rows[(2, "Engaged")]["interval_high"]) == (
        9.5,
        90.5,
    )
    assert rows[(3, "Engaged")]["improved"] == 1  # Islingham
    assert north["tables"]["leadership-by-baseline-grade"] == north["leadership_by_baseline_grade"]
