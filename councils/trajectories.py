"""Ofsted judgements as of a date, and how they moved: the building blocks of the evaluation.

Every function here works on inspection histories already in memory, so a caller answers for
all councils in a bounded number of queries: ``load_history()`` reads every judged inspection
in one query and groups them by council id; the functions then take one council's list. Any
object with ``published_on`` and the judgement attributes works (``OfstedInspection``
instances, ``JudgedInspection`` records, or the prefetched ``council.inspections.all()``).

Rules (DESIGN.md, "Evaluation metrics"):
- a judgement counts from its publication date; visits carry none and are ignored;
- grades run 1 Outstanding to 4 Inadequate, so a lower grade is better;
- SIF's "leadership, management and governance" and ILACS's "impact of leaders" are both the
  leadership judgement, compared across frameworks;
- a council's history is its own: a successor inherits no predecessor's judgement, and a
  council counts only on dates it existed. A recode is the same council, so its history runs on.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from councils.models import OfstedInspection

RI_OR_INADEQUATE = frozenset({3, 4})
IMPROVED, MAINTAINED, DECLINED, NOT_REINSPECTED = (
    "improved",
    "maintained",
    "declined",
    "not_reinspected",
)
RESULT_LABELS = {
    IMPROVED: "Improved",
    MAINTAINED: "Maintained",
    DECLINED: "Declined",
    NOT_REINSPECTED: "Not yet re-inspected",
}


class Inspected(Protocol):
    published_on: datetime.date | None


class Dated(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def active_from(self) -> datetime.date: ...
    @property
    def active_to(self) -> datetime.date | None: ...


@dataclass(frozen=True)
class JudgedInspection:
    """The parts of a judged inspection the trajectory functions read."""

    id: int
    council_id: int
    framework: str
    kind: str
    inspected_on: datetime.date | None
    published_on: datetime.date
    overall_effectiveness: int | None
    leadership: int | None
    help_and_protection: int | None
    children_in_care: int | None
    care_leavers: int | None


History = Mapping[int, Sequence[Any]]


@dataclass(frozen=True)
class Judgement:
    """One judgement: its grade and when it was published."""

    grade: int
    published_on: datetime.date


@dataclass(frozen=True)
class Trajectory:
    """A judgement before against the latest after: ``result`` is improved, maintained, …"""

    baseline: Judgement | None
    outcome: Judgement | None

    @property
    def result(self) -> str:
        return compare(
            self.baseline.grade if self.baseline else None,
            self.outcome.grade if self.outcome else None,
        )

    @property
    def label(self) -> str:
        return RESULT_LABELS[self.result]


def compare(before: int | None, after: int | None) -> str:
    """improved, maintained or declined (1 is the best grade); not_reinspected without both."""
    if before is None or after is None:
        return NOT_REINSPECTED
    if after < before:
        return IMPROVED
    if after == before:
        return MAINTAINED
    return DECLINED


def load_history(council_ids: Iterable[int] | None = None) -> dict[int, list[JudgedInspection]]:
    """Every judged, published inspection by council id, oldest first, in one query."""
    queryset = OfstedInspection.objects.filter(
        overall_effectiveness__isnull=False, published_on__isnull=False
    )
    if council_ids is not None:
        queryset = queryset.filter(council_id__in=list(council_ids))
    fields = [name for name in JudgedInspection.__dataclass_fields__]
    history: dict[int, list[JudgedInspection]] = defaultdict(list)
    for values in queryset.order_by("council_id", "published_on", "pk").values_list(*fields):
        record = JudgedInspection(*values)
        history[record.council_id].append(record)
    return history


def judged(inspections: Iterable[Any], field: str = "overall_effectiveness") -> list[Any]:
    """The inspections that carry ``field``, by publication date (stable for the same day)."""
    rows = [
        inspection
        for inspection in inspections
        if inspection.published_on is not None and getattr(inspection, field, None) is not None
    ]
    return sorted(rows, key=lambda inspection: inspection.published_on)


def latest_inspection(
    inspections: Iterable[Any], *, on: datetime.date, field: str = "overall_effectiveness"
) -> Any | None:
    """The latest inspection carrying ``field`` published on or before ``on``."""
    earlier = [i for i in judged(inspections, field) if i.published_on <= on]
    return earlier[-1] if earlier else None


def latest_judgement(
    inspections: Iterable[Any], field: str = "overall_effectiveness", *, on: datetime.date
) -> Judgement | None:
    """The latest judgement of ``field`` published on or before ``on``."""
    inspection = latest_inspection(inspections, on=on, field=field)
    if inspection is None:
        return None
    return Judgement(getattr(inspection, field), inspection.published_on)


def trajectory(
    inspections: Iterable[Any], field: str, *, since: datetime.date, as_of: datetime.date
) -> Trajectory:
    """The latest ``field`` judgement on or before ``since`` against the latest after it.

    The outcome is the latest judgement published after ``since`` and on or before ``as_of``;
    without a baseline or an outcome the council is not yet re-inspected.
    """
    inspections = list(inspections)
    baseline = latest_judgement(inspections, field, on=since)
    outcome = latest_judgement(inspections, field, on=as_of)
    if outcome is not None and outcome.published_on <= since:
        outcome = None
    return Trajectory(baseline=baseline, outcome=outcome)


def leadership_trajectory(
    inspections: Iterable[Any], *, first_engagement: datetime.date, as_of: datetime.date
) -> Trajectory:
    """The leadership judgement before a council's first engagement against the latest after."""
    return trajectory(inspections, "leadership", since=first_engagement, as_of=as_of)


def existed_on(council: Dated, day: datetime.date) -> bool:
    return council.active_from <= day and (council.active_to is None or council.active_to >= day)


def latest_grades(
    councils: Iterable[Dated],
    history: History,
    *,
    on: datetime.date,
    field: str = "overall_effectiveness",
) -> dict[int, int | None]:
    """Each council existing on ``on``, by id, with its latest ``field`` grade (None if unjudged)."""
    grades = {}
    for council in councils:
        if existed_on(council, on):
            latest = latest_judgement(history.get(council.id, ()), field, on=on)
            grades[council.id] = latest.grade if latest else None
    return grades


def councils_ri_or_inadequate(
    councils: Iterable[Dated], history: History, *, on: datetime.date
) -> list[Any]:
    """The councils existing on ``on`` whose latest overall effectiveness then is 3 or 4."""
    councils = list(councils)
    grades = latest_grades(councils, history, on=on)
    return [council for council in councils if grades.get(council.id) in RI_OR_INADEQUATE]


def count_by_grade(
    councils: Iterable[Dated],
    history: History,
    *,
    on: datetime.date,
    field: str = "overall_effectiveness",
) -> Counter[int | None]:
    """How many councils existing on ``on`` had each latest grade (None: not yet judged)."""
    return Counter(latest_grades(councils, history, on=on, field=field).values())


@dataclass(frozen=True)
class JudgementStep:
    """One judgement of one inspection, against the same judgement at the previous inspection."""

    field: str
    grade: int | None
    previous: int | None

    @property
    def result(self) -> str:
        return compare(self.previous, self.grade)

    @property
    def label(self) -> str:
        if self.grade is None:
            return ""
        if self.previous is None:
            return "First judgement"
        return RESULT_LABELS[self.result]


def steps(inspections: Iterable[Any]) -> list[tuple[Any, list[JudgementStep]]]:
    """Each judged inspection, oldest first, with each judgement's move since the previous one."""
    previous: dict[str, int | None] = {}
    rows = []
    for inspection in judged(inspections):
        row = []
        for field in OfstedInspection.JUDGEMENT_FIELDS:
            grade = getattr(inspection, field)
            row.append(JudgementStep(field, grade, previous.get(field)))
            if grade is not None:
                previous[field] = grade
        rows.append((inspection, row))
    return rows
