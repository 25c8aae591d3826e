"""Judgements as of a date and how they moved, on hand-built histories."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from councils import trajectories
from councils.models import Council, OfstedInspection
from tests.factories.councils import CouncilFactory, InspectionFactory

D = datetime.date


def inspection(published: datetime.date, overall: int | None, leadership: int | None = None):
    """A judged inspection as the functions see it (any object with these attributes)."""
    return SimpleNamespace(
        published_on=published,
        overall_effectiveness=overall,
        leadership=overall if leadership is None else leadership,
        help_and_protection=overall,
        children_in_care=overall,
        care_leavers=None,
    )


def visit(published: datetime.date):
    return SimpleNamespace(
        published_on=published,
        overall_effectiveness=None,
        leadership=None,
        help_and_protection=None,
        children_in_care=None,
        care_leavers=None,
    )


# A council judged inadequate in 2015, requires improvement in 2018 and good in 2022,
# with a monitoring visit in between; listed out of order on purpose.
IMPROVING = [
    inspection(D(2022, 6, 1), 2),
    visit(D(2019, 3, 1)),
    inspection(D(2015, 5, 1), 4),
    inspection(D(2018, 9, 1), 3, leadership=2),
]


def test_the_latest_judgement_is_the_last_published_on_or_before_the_date():
    assert trajectories.latest_judgement(IMPROVING, on=D(2015, 4, 30)) is None
    assert trajectories.latest_judgement(IMPROVING, on=D(2015, 5, 1)) == trajectories.Judgement(
        4, D(2015, 5, 1)
    )
    assert trajectories.latest_judgement(IMPROVING, on=D(2020, 1, 1)).grade == 3
    assert trajectories.latest_judgement(IMPROVING, "leadership", on=D(2020, 1, 1)).grade == 2
    assert trajectories.latest_judgement(IMPROVING, on=D(2030, 1, 1)).grade == 2


def test_visits_carry_no_judgement():
    assert trajectories.latest_judgement([visit(D(2019, 3, 1))], on=D(2020, 1, 1)) is None
    assert trajectories.latest_inspection(IMPROVING, on=D(2019, 12, 1)).published_on == D(
        2018, 9, 1
    )


def test_a_judgement_missing_from_the_latest_inspection_falls_back_to_the_one_before():
    history = [
        inspection(D(2017, 1, 1), 3),
        SimpleNamespace(published_on=D(2021, 1, 1), overall_effectiveness=2, leadership=None),
    ]

    assert trajectories.latest_judgement(history, "leadership", on=D(2022, 1, 1)).grade == 3
    assert trajectories.latest_judgement(history, on=D(2022, 1, 1)).grade == 2


@pytest.mark.parametrize(
    ("since", "as_of", "result", "baseline", "outcome"),
    [
        (D(2016, 1, 1), D(2019, 1, 1), "improved", 4, 2),
        (D(2019, 1, 1), D(2023, 1, 1), "maintained", 2, 2),
        (D(2019, 1, 1), D(2020, 1, 1), "not_reinspected", 2, None),
        (D(2014, 1, 1), D(2023, 1, 1), "not_reinspected", None, 2),
        (D(2018, 9, 1), D(2018, 9, 30), "not_reinspected", 2, None),
    ],
)
def test_leadership_trajectory_between_two_dates(since, as_of, result, baseline, outcome):
    trajectory = trajectories.leadership_trajectory(IMPROVING, first_engagement=since, as_of=as_of)

    assert trajectory.result == result
    assert (trajectory.baseline.grade if trajectory.baseline else None) == baseline
    assert (trajectory.outcome.grade if trajectory.outcome else None) == outcome


def test_a_worse_grade_is_a_decline_and_the_outcome_is_the_latest_after_the_baseline():
    history = [
        inspection(D(2016, 1, 1), 2),
        inspection(D(2019, 1, 1), 1),
        inspection(D(2022, 1, 1), 3),
    ]

    declined = trajectories.leadership_trajectory(
        history, first_engagement=D(2017, 1, 1), as_of=D(2023, 1, 1)
    )
    improved = trajectories.leadership_trajectory(
        history, first_engagement=D(2017, 1, 1), as_of=D(2020, 1, 1)
    )

    assert (declined.result, declined.label) == ("declined", "Declined")
    assert declined.outcome == trajectories.Judgement(3, D(2022, 1, 1))
    assert improved.result == "improved"


def test_each_judgement_moves_against_the_previous_one_of_the_same_kind():
    rows = trajectories.steps(IMPROVING)

    assert [row[0].published_on for row in rows] == [D(2015, 5, 1), D(2018, 9, 1), D(2022, 6, 1)]
    overall = [row[1][0] for row in rows]
    leadership = [row[1][1] for row in rows]
    assert [step.label for step in overall] == ["First judgement", "Improved", "Improved"]
    assert [step.label for step in leadership] == ["First judgement", "Improved", "Maintained"]
    assert [step.label for step in rows[0][1][4:]] == [""]


def dated(pk: int, start: datetime.date, end: datetime.date | None = None):
    return SimpleNamespace(id=pk, active_from=start, active_to=end)


def test_ri_or_inadequate_counts_only_councils_that_existed_on_the_date():
    old = dated(1, D(2009, 1, 1), D(2019, 3, 31))
    new = dated(2, D(2019, 4, 1))
    steady = dated(3, D(2009, 1, 1))
    history = {
        1: [inspection(D(2016, 5, 1), 3)],
        2: [inspection(D(2021, 11, 1), 2)],
        3: [inspection(D(2014, 1, 1), 4), inspection(D(2020, 1, 1), 2)],
    }
    councils = [old, new, steady]

    assert trajectories.councils_ri_or_inadequate(councils, history, on=D(2018, 1, 1)) == [
        old,
        steady,
    ]
    assert trajectories.councils_ri_or_inadequate(councils, history, on=D(2020, 6, 1)) == []
    assert trajectories.count_by_grade(councils, history, on=D(2020, 6, 1)) == {2: 1, None: 1}


def test_a_successor_inherits_no_predecessors_judgement():
    predecessor = dated(1, D(2009, 1, 1), D(2021, 3, 31))
    successor = dated(2, D(2021, 4, 1))
    history = {1: [inspection(D(2019, 7, 29), 4)]}

    assert (
        trajectories.councils_ri_or_inadequate([predecessor, successor], history, on=D(2021, 4, 1))
        == []
    )
    assert trajectories.latest_grades([predecessor, successor], history, on=D(2021, 4, 1)) == {
        2: None
    }


@pytest.mark.django_db
def test_load_history_reads_every_judged_inspection_in_one_query(django_assert_num_queries):
    council = CouncilFactory()
    other = CouncilFactory()
    InspectionFactory(council=council, published_on=D(2019, 3, 1), overall_effectiveness=3)
    InspectionFactory(council=council, published_on=D(2023, 3, 1), overall_effectiveness=2)
    InspectionFactory(
        council=council,
        kind=OfstedInspection.Kind.FOCUSED_VISIT,
        published_on=D(2021, 3, 1),
        overall_effectiveness=None,
        leadership=None,
    )
    InspectionFactory(council=other, published_on=D(2020, 1, 1), overall_effectiveness=4)

    with django_assert_num_queries(1):
        history = trajectories.load_history()
    only_one = trajectories.load_history([council.pk])

    assert [i.published_on for i in history[council.pk]] == [D(2019, 3, 1), D(2023, 3, 1)]
    assert list(only_one) == [council.pk]
    assert trajectories.latest_judgement(history[other.pk], on=D(2021, 1, 1)).grade == 4


@pytest.mark.django_db
def test_reorganised_councils_keep_their_own_histories(councils):
    northamptonshire = Council.objects.get(gss_code="E10000021")
    north = Council.objects.get(gss_code="E06000061")
    InspectionFactory(
        council=northamptonshire, published_on=D(2019, 7, 29), overall_effectiveness=4
    )
    InspectionFactory(council=north, published_on=D(2022, 11, 25), overall_effectiveness=3)
    history = trajectories.load_history()
    everyone = Council.objects.all()

    before = trajectories.councils_ri_or_inadequate(everyone, history, on=D(2021, 3, 31))
    after_split = trajectories.councils_ri_or_inadequate(everyone, history, on=D(2021, 4, 1))
    later = trajectories.councils_ri_or_inadequate(everyone, history, on=D(2023, 1, 1))

    assert before == [northamptonshire]
    assert after_split == []
    assert later == [north]


@pytest.mark.django_db
def test_a_recoded_council_keeps_its_history(councils):
    barnsley = Council.objects.get(gss_code="E08000038")
    InspectionFactory(council=barnsley, published_on=D(2018, 11, 19), overall_effectiveness=3)

    assert barnsley.existed_on(D(2018, 11, 19))
    assert trajectories.councils_ri_or_inadequate(
        [barnsley], trajectories.load_history(), on=D(2019, 1, 1)
    ) == [barnsley]
