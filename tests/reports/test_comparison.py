"""The comparison group and the 95% intervals, on a hand-built fixture worked out by hand.

Period 1 April 2018 to 31 March 2020; every council exists from 2000 unless said otherwise.

- Ashby: engaged 1 June 2018; leadership 3 (2017) → 2 (2019): improved.
- Brook: not engaged; 2 (2017) → 2 (2019): maintained.
- Carrow: not engaged; 3 (2016) → 4 (2019): declined.
- Dale: not engaged; 4 (2017), never re-inspected: not yet re-inspected.
- Elm: not engaged, formed 1 April 2019: not operating at the start, so not in the group.
- Fenn: not engaged, never judged: not yet re-inspected.
- Gorse: not engaged; 2 published on the first day of the period (so it is the baseline)
  → 1 (2019): improved.
- Heath: not engaged; 3 (2017), re-inspected only in May 2020, after as_of: not yet.

Not engaged: Brook, Carrow, Dale, Fenn, Gorse, Heath = 6 councils; improved 1, maintained 1,
declined 1, not yet 3; 2 of 3 judged = 66.7%. Engaged: 1 of 1 = 100.0%.

Wilson intervals by the closed form (z = 1.959964), checked against a bisection of
|p̂ − p| = z·√(p(1 − p)/n):
  1 of 1 → 20.7 to 100.0;  2 of 3 → 20.8 to 93.9;  0 of 1 → 0.0 to 79.3;
  2 of 2 → 34.2 to 100.0;  3 of 4 → 30.1 to 95.4;  5 of 5 → 56.6 to 100.0;  0 of 5 → 0.0 to 43.4.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from councils.trajectories import JudgedInspection
from reports import comparison
from reports.metrics import CouncilRecord, EngagementTotal

START, AS_OF = date(2018, 4, 1), date(2020, 3, 31)
NAMES = ["Ashby", "Brook", "Carrow", "Dale", "Elm", "Fenn", "Gorse", "Heath"]


def council(pk: int, name: str, active_from: date = date(2000, 1, 1)) -> CouncilRecord:
    return CouncilRecord(pk, f"E0600000{pk}", name, "E12900001", "North", active_from)


def judged_on(pk: int, council_id: int, published: date, leadership: int) -> JudgedInspection:
    return JudgedInspection(
        pk, council_id, "ILACS", "ilacs_standard", None, published, leadership, leadership,
        None, None, None,
    )  # fmt: skip


@pytest.fixture
def councils() -> dict[int, CouncilRecord]:
    records = {pk: council(pk, name) for pk, name in enumerate(NAMES, start=1)}
    records[5] = council(5, "Elm", active_from=date(2019, 4, 1))
    return records


@pytest.fixture
def history() -> dict[int, list[JudgedInspection]]:
    rows = [
        (1, date(2017, 5, 1), 3), (1, date(2019, 5, 1), 2),
        (2, date(2017, 5, 1), 2), (2, date(2019, 5, 1), 2),
        (3, date(2016, 5, 1), 3), (3, date(2019, 5, 1), 4),
        (4, date(2017, 5, 1), 4),
        (5, date(2019, 9, 1), 1), (5, date(2020, 1, 1), 2),
        (7, START, 2), (7, date(2019, 5, 1), 1),
        (8, date(2017, 5, 1), 3), (8, date(2020, 5, 1), 2),
    ]  # fmt: skip
    grouped: dict[int, list[JudgedInspection]] = {}
    for pk, (council_id, published, grade) in enumerate(rows, start=1):
        grouped.setdefault(council_id, []).append(judged_on(pk, council_id, published, grade))
    return grouped


ENGAGED = [EngagementTotal(1, "intensive", "free", False, 1, Decimal(1), date(2018, 6, 1))]


def group(councils, history, engaged=ENGAGED):
    return comparison.comparison_group(engaged, councils, history, start=START, as_of=AS_OF)


def test_the_group_is_councils_operating_at_the_start_with_no_engagement_in_the_period(
    councils, history
):
    metric = group(councils, history)

    assert metric.figure == {
        "councils": 6,
        "improved": 1,  # Gorse 2 → 1
        "maintained": 1,  # Brook 2 → 2
        "declined": 1,  # Carrow 3 → 4
        "not_reinspected": 3,  # Dale, Fenn, Heath (re-inspected after as_of)
        "percent_improved_or_maintained": 66.7,  # 2 of 3
        "interval_95": [20.8, 93.9],
    }
    rows = {row["council"]: row for row in metric.rows}
    assert sorted(rows) == ["Brook", "Carrow", "Dale", "Fenn", "Gorse", "Heath"]  # no Ashby, Elm
    assert rows["Gorse"]["baseline_published"] == START  # the first day counts as before
    assert rows["Heath"]["outcome_grade"] is None


@pytest.mark.parametrize(
    ("successes", "trials", "interval"),
    [
        (3, 4, [30.1, 95.4]),
        (2, 3, [20.8, 93.9]),
        (1, 1, [20.7, 100.0]),
        (0, 1, [0.0, 79.3]),
        (0, 5, [0.0, 43.4]),
        (72, 90, [70.6, 87.0]),
    ],
)
def test_wilson_interval_matches_the_hand_worked_values(successes, trials, interval):
    assert comparison.wilson_interval(successes, trials) == interval


def test_a_group_where_every_council_improved_still_has_a_wide_interval():
    # The naive p ± z·se interval would be 100 to 100 here; Wilson's stays honest about
    # five councils: its low end is far below 100, and its high end never passes 100.
    low, high = comparison.wilson_interval(5, 5)

    assert low == 56.6
    assert low < 100
    assert high == 100.0


def test_an_empty_group_has_no_percentage_interval_or_difference(councils, history):
    everyone = [
        EngagementTotal(pk, "intensive", "free", False, 1, Decimal(1), date(2018, 6, 1))
        for pk in councils
    ]

    metric = group(councils, history, engaged=everyone)

    assert comparison.wilson_interval(0, 0) is None
    assert metric.figure == {
        "councils": 0,
        "improved": 0,
        "maintained": 0,
        "declined": 0,
        "not_reinspected": 0,
        "percent_improved_or_maintained": None,
        "interval_95": None,
    }
    assert comparison.difference_points(metric.figure, metric.figure) is None


def test_the_difference_is_engaged_minus_not_engaged_in_points(councils, history):
    engaged = comparison.with_interval(
        {"improved": 1, "maintained": 0, "declined": 0, "not_reinspected": 0}
    )

    assert engaged["interval_95"] == [20.7, 100.0]
    assert comparison.difference_points(engaged, group(councils, history).figure) == 33.3
    # From the exact shares: 1/8 − 1/3 = −20.83 points (the rounded 12.5 − 33.3 is −20.8 too).
    assert (
        comparison.difference_points(
            {"improved": 1, "maintained": 0, "declined": 7},
            {"improved": 0, "maintained": 1, "declined": 2},
        )
        == -20.8
    )


def test_results_by_baseline_grade_for_both_groups(councils, history):
    engaged_rows = [{"baseline_grade": 3, "result": "improved"}]  # Ashby

    rows = comparison.by_baseline_grade(engaged_rows, group(councils, history).rows)

    table = {(row["baseline_grade"], row["group"]): row for row in rows}
    assert len(rows) == 8  # four grades, two groups
    assert table[(1, "Not engaged")]["councils"] == 0
    assert table[(2, "Not engaged")] == {
        "baseline_grade": 2,
        "group": "Not engaged",
        "councils": 2,  # Brook maintained, Gorse improved
        "improved": 1,
        "maintained": 1,
        "declined": 0,
        "not_reinspected": 0,
        "percent_improved_or_maintained": 100.0,
        "interval_low": 34.2,
        "interval_high": 100.0,
    }
    assert table[(3, "Engaged")]["percent_improved_or_maintained"] == 100.0
    # Carrow declined; Heath is not yet re-inspected and stays out of the percentage.
    assert table[(3, "Not engaged")]["councils"] == 2
    assert table[(3, "Not engaged")]["percent_improved_or_maintained"] == 0.0
    assert (
        table[(3, "Not engaged")]["interval_low"],
        table[(3, "Not engaged")]["interval_high"],
    ) == (
        0.0,
        79.3,
    )
    assert table[(4, "Not engaged")]["not_reinspected"] == 1  # Dale
    assert table[(4, "Not engaged")]["percent_improved_or_maintained"] is None
    assert table[(4, "Not engaged")]["interval_low"] is None
