"""The database reads behind an evaluation report: a fixed number of queries, whatever the size.

Each function loads one kind of data for a scope (national, or one region) and returns the plain
records ``reports.metrics`` works on. Engagements, bookings and matches are aggregated in SQL;
inspections are loaded once and grouped by council in memory.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Min, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from advisers.models import Engagement
from councils import trajectories
from councils.models import Council, Region
from courses.models import OCCUPYING_STATUSES, Booking, Course, CourseSession
from mentoring.models import Match, MentoringRequest
from peer_challenges.models import Focus, PeerChallenge
from reports import metrics


@dataclass(frozen=True)
class Scope:
    """The period and the councils a report covers; ``region`` None means England."""

    start: datetime.date
    end: datetime.date
    as_of: datetime.date
    region: Region | None = None

    @property
    def label(self) -> str:
        return self.region.name if self.region else "England"


@dataclass
class ReportData:
    councils: dict[int, metrics.CouncilRecord]
    history: trajectories.History
    engagements: list[metrics.EngagementTotal]
    sessions: list[metrics.SessionRecord] = field(default_factory=list)
    bookings: list[metrics.BookingTotal] = field(default_factory=list)
    matches: list[metrics.MatchTotal] = field(default_factory=list)
    challenges: list[metrics.ChallengeRecord] = field(default_factory=list)


def _in_scope(queryset: QuerySet, scope: Scope, path: str) -> QuerySet:
    if scope.region is None:
        return queryset
    return queryset.filter(**{f"{path}region_id": scope.region.pk})


def load_councils(scope: Scope) -> dict[int, metrics.CouncilRecord]:
    """Every council in scope, current or former (one query)."""
    rows = _in_scope(Council.objects.all(), scope, "").values_list(
        "id", "gss_code", "name", "region__code", "region__name", "active_from", "active_to"
    )
    return {row[0]: metrics.CouncilRecord(*row) for row in rows}


def load_history(councils: dict[int, metrics.CouncilRecord]) -> trajectories.History:
    """Judged inspections of the councils in scope, grouped by council (one query)."""
    return trajectories.load_history(councils.keys())


def load_engagements(scope: Scope) -> list[metrics.EngagementTotal]:
    """Engagement counts, days and first date per council, strand, funding and DfE flag."""
    rows = (
        _in_scope(Engagement.objects.all(), scope, "council__")
        .filter(date__gte=scope.start, date__lte=scope.end)
        .order_by()
        .values_list("council_id", "strand", "funding", "commissioned_by_dfe")
        .annotate(engagements=Count("pk"), days=Sum("days"), first_date=Min("date"))
    )
    return [
        metrics.EngagementTotal(
            council_id, strand, funding, dfe, engagements, days or Decimal(0), first_date
        )
        for council_id, strand, funding, dfe, engagements, days, first_date in rows
    ]


def load_sessions(scope: Scope) -> list[metrics.SessionRecord]:
    """Leadership Essentials sessions scheduled in the period and not cancelled or draft."""
    sessions = (
        CourseSession.objects.filter(_sessions_in(scope, ""))
        .order_by("starts_at", "pk")
        .values_list("id", "course__title", "starts_at", "is_online", "venue", "capacity")
    )
    return [
        metrics.SessionRecord(
            id=pk,
            title=title,
            starts_on=timezone.localdate(starts_at),
            place="Online" if online else venue,
            capacity=capacity,
        )
        for pk, title, starts_at, online, venue, capacity in sessions
    ]


def _sessions_in(scope: Scope, path: str) -> Q:
    return Q(
        **{
            f"{path}course__kind": Course.Kind.LEADERSHIP_ESSENTIALS,
            f"{path}status": CourseSession.Status.PUBLISHED,
            f"{path}starts_at__date__gte": scope.start,
            f"{path}starts_at__date__lte": scope.end,
        }
    )


def load_bookings(scope: Scope) -> list[metrics.BookingTotal]:
    """Places held on the sessions, with attendance and feedback, per session and council."""
    rows = (
        _in_scope(Booking.objects.all(), scope, "person__council__")
        .filter(_sessions_in(scope, "session__"), status__in=OCCUPYING_STATUSES)
        .order_by()
        .values_list("session_id", "person__council_id")
        .annotate(
            booked=Count("pk"),
            attended=Count("pk", filter=Q(status=Booking.Status.ATTENDED)),
            responses=Count("feedback"),
            rating_total=Sum(
                F("feedback__content_rating")
                + F("feedback__facilitators_rating")
                + F("feedback__usefulness_rating")
            ),
            recommending=Count("feedback", filter=Q(feedback__would_recommend=True)),
        )
    )
    return [
        metrics.BookingTotal(
            session_id, council_id, booked, attended, responses, rating_total or 0, recommending
        )
        for session_id, council_id, booked, attended, responses, rating_total, recommending in rows
    ]


def load_matches(scope: Scope) -> list[metrics.MatchTotal]:
    """Mentoring matches made, active at the end, and completed, per mentee council and kind."""
    statuses = Match.Status
    in_period = {"gte": scope.start, "lte": scope.end}
    made = Q(
        status__in=[statuses.ACCEPTED, statuses.ACTIVE, statuses.COMPLETED],
        responded_on__gte=in_period["gte"],
        responded_on__lte=in_period["lte"],
    )
    active = Q(status__in=[statuses.ACTIVE, statuses.COMPLETED], started_on__lte=scope.end) & (
        Q(completed_on__isnull=True) | Q(completed_on__gt=scope.end)
    )
    completed = Q(
        status=statuses.COMPLETED,
        completed_on__gte=in_period["gte"],
        completed_on__lte=in_period["lte"],
    )
    rows = (
        _in_scope(Match.objects.all(), scope, "request__council__")
        .filter(made | active | completed)
        .order_by()
        .values_list("request__council_id", "request__kind")
        .annotate(
            made=Count("pk", filter=made),
            active=Count("pk", filter=active),
            completed=Count("pk", filter=completed),
        )
    )
    return [metrics.MatchTotal(*row) for row in rows]


def load_challenges(scope: Scope) -> list[metrics.ChallengeRecord]:
    """Peer challenges completed in the period: feedback letter sent (else last on-site day)."""
    completed_on = Coalesce(TruncDate("letter_sent_at"), F("on_site_ends_on"))
    rows = (
        _in_scope(PeerChallenge.objects.all(), scope, "council__")
        .filter(status__in=[PeerChallenge.Status.FEEDBACK_SENT, PeerChallenge.Status.CLOSED])
        .annotate(completed_on=completed_on)
        .filter(completed_on__gte=scope.start, completed_on__lte=scope.end)
        .order_by("completed_on", "pk")
        .values_list("id", "council_id", "completed_on", "focus")
    )
    labels = dict(Focus.choices)
    return [
        metrics.ChallengeRecord(
            pk, council_id, completed, "; ".join(labels.get(f, f) for f in focus or [])
        )
        for pk, council_id, completed, focus in rows
    ]


def load_report_data(scope: Scope) -> ReportData:
    """Everything an evaluation report needs, in a fixed number of queries."""
    councils = load_councils(scope)
    return ReportData(
        councils=councils,
        history=load_history(councils),
        engagements=load_engagements(scope),
        sessions=load_sessions(scope),
        bookings=load_bookings(scope),
        matches=load_matches(scope),
        challenges=load_challenges(scope),
    )


KIND_LABELS = dict(MentoringRequest.Kind.choices)
STRAND_LABELS = dict(Engagement.Strand.choices)
FUNDING_LABELS = dict(Engagement.Funding.choices)
