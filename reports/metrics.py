"""The evaluation metrics (DESIGN.md, "Evaluation metrics"), as pure functions over plain data.

Nothing here touches the database: ``reports.queries`` loads the data once, in a bounded number
of queries, and these functions turn it into figures. Each returns a ``Metric``: the figure and
the council-level rows it came from, so a reader of the report can check every number.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from councils import trajectories

ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class CouncilRecord:
    id: int
    gss_code: str
    name: str
    region_code: str
    region_name: str
    active_from: datetime.date
    active_to: datetime.date | None = None

    def exists_on(self, day: datetime.date) -> bool:
        return trajectories.existed_on(self, day)


@dataclass(frozen=True)
class EngagementTotal:
    """Engagements of one council in the period, for one strand, funding basis and DfE flag."""

    council_id: int
    strand: str
    funding: str
    commissioned_by_dfe: bool
    engagements: int
    days: Decimal
    first_date: datetime.date


@dataclass(frozen=True)
class SessionRecord:
    """A Leadership Essentials session in the period that was not cancelled."""

    id: int
    title: str
    starts_on: datetime.date
    place: str
    capacity: int


@dataclass(frozen=True)
class BookingTotal:
    """Places held on one session by councillors of one council (council may be unknown)."""

    session_id: int
    council_id: int | None
    booked: int
    attended: int
    responses: int = 0
    rating_total: int = 0
    recommending: int = 0


@dataclass(frozen=True)
class MatchTotal:
    """Mentoring matches for mentees of one council and one request kind."""

    council_id: int
    kind: str
    made: int
    active: int
    completed: int


@dataclass(frozen=True)
class ChallengeRecord:
    """A peer challenge completed (feedback letter sent) in the period."""

    id: int
    council_id: int
    completed_on: datetime.date
    focus: str = ""


@dataclass
class Metric:
    """A figure and the council-level rows it was counted from."""

    figure: Any
    rows: list[dict[str, Any]] = field(default_factory=list)
    breakdowns: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def percent(part: int | Decimal, whole: int | Decimal) -> float | None:
    """``part`` as a percentage of ``whole``, rounded half up to one decimal place."""
    if not whole:
        return None
    value = Decimal(part) * 100 / Decimal(whole)
    return float(value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP))


def percent_change(before: int, after: int) -> float | None:
    """The change from ``before`` to ``after`` as a percentage of ``before`` (negative = fall)."""
    return percent(after - before, before)


def council_row(council: CouncilRecord) -> dict[str, Any]:
    return {
        "gss_code": council.gss_code,
        "council": council.name,
        "region": council.region_name,
    }


def _by_council(totals: Iterable[EngagementTotal]) -> dict[int, list[EngagementTotal]]:
    grouped: dict[int, list[EngagementTotal]] = defaultdict(list)
    for total in totals:
        grouped[total.council_id].append(total)
    return grouped


def first_engagements(totals: Iterable[EngagementTotal]) -> dict[int, datetime.date]:
    """Each engaged council's first engagement date in the period."""
    return {
        council_id: min(t.first_date for t in group)
        for council_id, group in _by_council(totals).items()
    }


def councils_engaged(
    totals: Iterable[EngagementTotal], councils: Mapping[int, CouncilRecord]
) -> Metric:
    """Distinct councils with at least one engagement dated in the period."""
    rows = []
    for council_id, group in _by_council(totals).items():
        rows.append(
            {
                **council_row(councils[council_id]),
                "first_engagement": min(t.first_date for t in group),
                "engagements": sum(t.engagements for t in group),
                "days": float(sum((t.days for t in group), Decimal(0))),
            }
        )
    rows.sort(key=lambda row: (row["council"], row["gss_code"]))
    return Metric(figure=len(rows), rows=rows)


def adviser_days(
    totals: Iterable[EngagementTotal],
    councils: Mapping[int, CouncilRecord],
    *,
    strand_labels: Mapping[str, str],
    funding_labels: Mapping[str, str],
) -> Metric:
    """Sum of engagement days in the period, by council, strand, region and funding basis."""
    totals = list(totals)
    by_strand: dict[str, Decimal] = defaultdict(Decimal)
    by_funding: dict[str, Decimal] = defaultdict(Decimal)
    by_region: dict[str, Decimal] = defaultdict(Decimal)
    per_council: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    dfe_days = Decimal(0)
    for total in totals:
        by_strand[total.strand] += total.days
        by_funding[total.funding] += total.days
        by_region[councils[total.council_id].region_name] += total.days
        per_council[total.council_id][total.strand] += total.days
        if total.commissioned_by_dfe:
            dfe_days += total.days
    rows = []
    for council_id, strands in per_council.items():
        row = council_row(councils[council_id])
        for strand in strand_labels:
            row[f"days_{strand}"] = float(strands.get(strand, Decimal(0)))
        row["days"] = float(sum(strands.values(), Decimal(0)))
        rows.append(row)
    rows.sort(key=lambda row: (row["council"], row["gss_code"]))
    figure = float(sum((t.days for t in totals), Decimal(0)))
    return Metric(
        figure=figure,
        rows=rows,
        breakdowns={
            "strand": _breakdown(by_strand, strand_labels),
            "funding": _breakdown(by_funding, funding_labels),
            "region": [
                {"label": name, "days": float(days)} for name, days in sorted(by_region.items())
            ],
            "commissioned_by_dfe": [{"label": "Commissioned by the DfE", "days": float(dfe_days)}],
        },
    )


def _breakdown(days: Mapping[str, Decimal], labels: Mapping[str, str]) -> list[dict[str, Any]]:
    return [
        {"key": key, "label": label, "days": float(days.get(key, Decimal(0)))}
        for key, label in labels.items()
    ]


def leadership_change(
    totals: Iterable[EngagementTotal],
    councils: Mapping[int, CouncilRecord],
    history: trajectories.History,
    *,
    as_of: datetime.date,
) -> Metric:
    """Leadership judgement before each engaged council's first engagement against the latest after.

    Baseline: the latest leadership judgement published on or before the first engagement in
    the period. Outcome: the latest published after that engagement and on or before ``as_of``.
    Councils without both are "not yet re-inspected" and left out of the percentage.
    """
    counts = {"improved": 0, "maintained": 0, "declined": 0, "not_reinspected": 0}
    rows = []
    for council_id, first in first_engagements(totals).items():
        trajectory = trajectories.leadership_trajectory(
            history.get(council_id, ()), first_engagement=first, as_of=as_of
        )
        counts[trajectory.result] += 1
        rows.append(
            {
                **council_row(councils[council_id]),
                "first_engagement": first,
                **trajectory_cells(trajectory),
            }
        )
    rows.sort(key=lambda row: (row["council"], row["gss_code"]))
    judged = counts["improved"] + counts["maintained"] + counts["declined"]
    figure = {
        **counts,
        "percent_improved_or_maintained": percent(
            counts["improved"] + counts["maintained"], judged
        ),
    }
    return Metric(figure=figure, rows=rows)


def trajectory_cells(trajectory: trajectories.Trajectory) -> dict[str, Any]:
    """A council's baseline and outcome judgements and the result, as table cells."""
    baseline, outcome = trajectory.baseline, trajectory.outcome
    return {
        "baseline_grade": baseline.grade if baseline else None,
        "baseline_published": baseline.published_on if baseline else None,
        "outcome_grade": outcome.grade if outcome else None,
        "outcome_published": outcome.published_on if outcome else None,
        "result": trajectory.result,
    }


def ri_or_inadequate_change(
    councils: Mapping[int, CouncilRecord],
    history: trajectories.History,
    *,
    start: datetime.date,
    end: datetime.date,
) -> Metric:
    """Councils judged requires improvement or inadequate at ``start`` against ``end``.

    Counts councils in scope that exist on the date whose latest overall effectiveness published
    on or before it is 3 or 4; a successor council inherits no predecessor's judgement.
    """
    rows = []
    at = {"start": 0, "end": 0}
    for council in councils.values():
        if not (council.exists_on(start) or council.exists_on(end)):
            continue
        row = council_row(council)
        for label, day in (("start", start), ("end", end)):
            latest = (
                trajectories.latest_judgement(
                    history.get(council.id, ()), "overall_effectiveness", on=day
                )
                if council.exists_on(day)
                else None
            )
            is_ri = latest is not None and latest.grade in trajectories.RI_OR_INADEQUATE
            at[label] += int(is_ri)
            row[f"grade_at_{label}"] = latest.grade if latest else None
            row[f"published_at_{label}"] = latest.published_on if latest else None
            # None, not False, for a council that did not exist on the date.
            row[f"ri_at_{label}"] = is_ri if council.exists_on(day) else None
        rows.append(row)
    rows.sort(key=lambda row: (row["council"], row["gss_code"]))
    figure = {
        "at_start": at["start"],
        "at_end": at["end"],
        "percent_change": percent_change(at["start"], at["end"]),
    }
    return Metric(figure=figure, rows=rows)


def leadership_essentials(
    sessions: Iterable[SessionRecord],
    bookings: Iterable[BookingTotal],
    councils: Mapping[int, CouncilRecord],
    *,
    national: bool = True,
) -> Metric:
    """Sessions run, places offered, booked and attended, attendance, ratings and recommendation.

    For one region, only places booked by councillors of the region's councils count, and
    places offered is not given: every session is open to every region.
    """
    bookings = list(bookings)
    sessions = [s for s in sessions if national or any(b.session_id == s.id for b in bookings)]
    booked = sum(b.booked for b in bookings)
    attended = sum(b.attended for b in bookings)
    responses = sum(b.responses for b in bookings)
    figure = {
        "sessions_run": len(sessions),
        "places_offered": sum(s.capacity for s in sessions) if national else None,
        "places_booked": booked,
        "attended": attended,
        "attendance_percent": percent(attended, booked),
        "feedback_responses": responses,
        "mean_rating": _mean_rating(bookings),
        "percent_would_recommend": percent(sum(b.recommending for b in bookings), responses),
    }
    return Metric(
        figure=figure,
        rows=_booking_rows_by_council(bookings, councils),
        breakdowns={"sessions": _session_rows(sessions, bookings)},
    )


def _mean_rating(bookings: Iterable[BookingTotal]) -> float | None:
    """The mean of every rating given (three questions a response), to one decimal."""
    bookings = list(bookings)
    ratings = 3 * sum(b.responses for b in bookings)
    if not ratings:
        return None
    value = Decimal(sum(b.rating_total for b in bookings)) / ratings
    return float(value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP))


def _booking_rows_by_council(
    bookings: Iterable[BookingTotal], councils: Mapping[int, CouncilRecord]
) -> list[dict[str, Any]]:
    grouped: dict[int | None, list[BookingTotal]] = defaultdict(list)
    for booking in bookings:
        grouped[booking.council_id].append(booking)
    rows = []
    for council_id, group in grouped.items():
        council = councils.get(council_id) if council_id is not None else None
        row = (
            council_row(council)
            if council
            else {"gss_code": "", "council": "No council recorded", "region": ""}
        )
        booked = sum(b.booked for b in group)
        attended = sum(b.attended for b in group)
        row.update(
            places_booked=booked,
            attended=attended,
            attendance_percent=percent(attended, booked),
            feedback_responses=sum(b.responses for b in group),
            mean_rating=_mean_rating(group),
        )
        rows.append(row)
    rows.sort(key=lambda row: (row["council"] == "No council recorded", row["council"]))
    return rows


def _session_rows(
    sessions: Iterable[SessionRecord], bookings: Iterable[BookingTotal]
) -> list[dict[str, Any]]:
    grouped: dict[int, list[BookingTotal]] = defaultdict(list)
    for booking in bookings:
        grouped[booking.session_id].append(booking)
    rows = []
    for session in sorted(sessions, key=lambda s: (s.starts_on, s.id)):
        group = grouped.get(session.id, [])
        booked = sum(b.booked for b in group)
        attended = sum(b.attended for b in group)
        rows.append(
            {
                "session": session.title,
                "date": session.starts_on,
                "place": session.place,
                "capacity": session.capacity,
                "places_booked": booked,
                "attended": attended,
                "attendance_percent": percent(attended, booked),
                "mean_rating": _mean_rating(group),
            }
        )
    return rows


def mentoring(
    matches: Iterable[MatchTotal],
    councils: Mapping[int, CouncilRecord],
    *,
    kind_labels: Mapping[str, str],
) -> Metric:
    """Matches made (mentor said yes) and completed in the period, and active at its end."""
    matches = list(matches)
    figure: dict[str, Any] = {
        "matches_made": sum(m.made for m in matches),
        "active_at_end": sum(m.active for m in matches),
        "completed": sum(m.completed for m in matches),
        "by_kind": [
            {
                "key": kind,
                "label": label,
                "made": sum(m.made for m in matches if m.kind == kind),
                "active_at_end": sum(m.active for m in matches if m.kind == kind),
                "completed": sum(m.completed for m in matches if m.kind == kind),
            }
            for kind, label in kind_labels.items()
        ],
    }
    grouped: dict[int, list[MatchTotal]] = defaultdict(list)
    for match in matches:
        grouped[match.council_id].append(match)
    rows = [
        {
            **council_row(councils[council_id]),
            "made": sum(m.made for m in group),
            "active_at_end": sum(m.active for m in group),
            "completed": sum(m.completed for m in group),
        }
        for council_id, group in grouped.items()
    ]
    rows.sort(key=lambda row: (row["council"], row["gss_code"]))
    return Metric(figure=figure, rows=rows)


def peer_challenges(
    challenges: Iterable[ChallengeRecord], councils: Mapping[int, CouncilRecord]
) -> Metric:
    """Peer challenges completed (feedback letter sent) in the period, in all and by region."""
    challenges = sorted(challenges, key=lambda c: (c.completed_on, c.id))
    by_region: dict[str, int] = defaultdict(int)
    rows = []
    for challenge in challenges:
        council = councils[challenge.council_id]
        by_region[council.region_name] += 1
        rows.append(
            {
                **council_row(council),
                "completed_on": challenge.completed_on,
                "focus": challenge.focus,
            }
        )
    figure = {
        "completed": len(rows),
        "by_region": [
            {"region": name, "completed": count} for name, count in sorted(by_region.items())
        ],
    }
    return Metric(figure=figure, rows=rows)
