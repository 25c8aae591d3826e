"""Suggesting mentors for a mentoring request.

``suggest_mentors`` is the whole of the scoring: a pure function over plain facts, so it can be
tested without a database and read in one sitting. ``load_suggestions`` is the thin loader that
turns a request and the mentor pool into those facts in two queries.

Hard rules (a mentor who breaks one is never suggested, whatever the score):
- never a mentor from the mentee's own council;
- never a paused mentor;
- never a mentor whose places are all taken (proposed, accepted and active matches count);
- never a mentor already proposed for this request (after a decline, the next one is tried);
- when the mentee asked for a mentor from their own political group, never one from another.

Score (higher is better), from the named weights below:
- same political group: the LGA sources mentors through the political group offices, so a
  shared group counts most;
- has led improvement from inadequate, when performance is a concern;
- has supported new portfolio holders, for a newly appointed portfolio holder;
- different region: a peer from outside the region brings an outside view;
- free places: up to ``FREE_PLACES_WEIGHT`` in proportion to the share of places free, which
  spreads the load across the pool.
Each suggestion carries its score explained in full: ``parts`` names every criterion with the
points it gave (nought included), and the parts add up to the score.
Ties go to the mentor with more free places, then by name, so the order is stable.

Benchmark note (2-core development machine, PostgreSQL): scoring the facts of 2,000 mentors
takes about 15 ms; loading a pool of 2,000 and scoring it takes 35-80 ms, against a budget of
200 ms. tests/mentoring/test_suggestions.py checks the query count and a loose time bound.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from mentoring.models import Mentor, MentoringRequest, MentorQuerySet

SAME_POLITICAL_GROUP_WEIGHT = 40
LED_IMPROVEMENT_WEIGHT = 30
NEW_PORTFOLIO_HOLDER_WEIGHT = 20
DIFFERENT_REGION_WEIGHT = 10
FREE_PLACES_WEIGHT = 20

LED_IMPROVEMENT = "led_improvement"
NEW_PORTFOLIO_HOLDER = "new_portfolio_holder"


@dataclass(frozen=True)
class RequestFacts:
    """What the scoring needs to know about a request."""

    council_id: int
    region_id: int
    political_group: str
    kind: str
    performance_concern: bool
    excluded_mentor_ids: frozenset[int] = frozenset()
    own_group_only: bool = False


@dataclass(frozen=True)
class MentorFacts:
    """What the scoring needs to know about one mentor, with their current load."""

    mentor_id: int
    name: str
    council_id: int
    region_id: int
    political_group: str
    experience: frozenset[str]
    capacity: int
    live_matches: int
    is_active: bool = True
    council_name: str = ""

    @property
    def free_places(self) -> int:
        return max(0, self.capacity - self.live_matches)


@dataclass(frozen=True)
class Suggestion:
    mentor: MentorFacts
    score: int
    reasons: tuple[str, ...] = field(default_factory=tuple)
    # (criterion, points) for every criterion, in a fixed order; the points sum to ``score``.
    parts: tuple[tuple[str, int], ...] = field(default_factory=tuple)


def ineligibility(request: RequestFacts, mentor: MentorFacts) -> str | None:
    """The hard rule a mentor breaks for this request, in words, or None if they may be asked."""
    if mentor.council_id == request.council_id:
        return "is from the mentee's own council"
    if not mentor.is_active:
        return "is paused"
    if mentor.free_places <= 0:
        return "has no places free"
    if mentor.mentor_id in request.excluded_mentor_ids:
        return "has already been proposed for this request"
    if request.own_group_only and mentor.political_group != request.political_group:
        return "is from another political group, and the mentee asked for their own"
    return None


def score_mentor(request: RequestFacts, mentor: MentorFacts) -> Suggestion:
    """Score one eligible mentor for a request: points per criterion, and reasons in words."""
    same_group = mentor.political_group == request.political_group
    led = request.performance_concern and LED_IMPROVEMENT in mentor.experience
    new_holder = request.kind == NEW_PORTFOLIO_HOLDER and NEW_PORTFOLIO_HOLDER in mentor.experience
    other_region = mentor.region_id != request.region_id
    load = round(FREE_PLACES_WEIGHT * mentor.free_places / mentor.capacity)
    parts = (
        ("Political group", SAME_POLITICAL_GROUP_WEIGHT if same_group else 0),
        ("Experience of leading improvement", LED_IMPROVEMENT_WEIGHT if led else 0),
        ("Experience with new portfolio holders", NEW_PORTFOLIO_HOLDER_WEIGHT if new_holder else 0),
        ("Region", DIFFERENT_REGION_WEIGHT if other_region else 0),
        ("Places free", load),
    )
    reasons = [
        reason
        for reason, holds in (
            ("same political group", same_group),
            ("has led improvement from inadequate", led),
            ("has supported new portfolio holders", new_holder),
            ("different region", other_region),
        )
        if holds
    ]
    reasons.append(f"{mentor.free_places} of {mentor.capacity} places free")
    return Suggestion(
        mentor=mentor,
        score=sum(points for _, points in parts),
        reasons=tuple(reasons),
        parts=parts,
    )


def suggest_mentors(request: RequestFacts, mentors: Iterable[MentorFacts]) -> list[Suggestion]:
    """Every mentor who may be asked for this request, best first, each with score and reasons."""
    suggestions = [
        score_mentor(request, mentor)
        for mentor in mentors
        if ineligibility(request, mentor) is None
    ]
    suggestions.sort(
        key=lambda s: (-s.score, -s.mentor.free_places, s.mentor.name, s.mentor.mentor_id)
    )
    return suggestions


def request_facts(mentoring_request: MentoringRequest) -> RequestFacts:
    """The facts of a request, including the mentors already tried for it (one query)."""
    tried = mentoring_request.matches.values_list("mentor_id", flat=True)
    own_profile = getattr(mentoring_request.mentee, "mentor_profile", None)
    excluded = set(tried) | ({own_profile.pk} if own_profile else set())
    return RequestFacts(
        council_id=mentoring_request.council_id,
        region_id=mentoring_request.council.region_id,
        political_group=mentoring_request.political_group,
        kind=mentoring_request.kind,
        performance_concern=mentoring_request.performance_concern,
        excluded_mentor_ids=frozenset(excluded),
        own_group_only=mentoring_request.wants_own_group,
    )


def mentor_facts(queryset: MentorQuerySet | None = None) -> list[MentorFacts]:
    """Facts for mentors in the pool (all by default), with live-match counts, in one query."""
    mentors = Mentor.objects.all() if queryset is None else queryset
    rows = mentors.with_load().values_list(  # type: ignore[misc]  # django-stubs misses with_load's live_matches annotation
        "pk",
        "user__full_name",
        "council_id",
        "council__name",
        "region_id",
        "political_group",
        "experience",
        "capacity",
        "live_matches",
        "is_active",
    )
    return [
        MentorFacts(
            mentor_id=pk,
            name=name,
            council_id=council_id,
            council_name=council_name,
            region_id=region_id,
            political_group=group,
            experience=frozenset(experience or ()),
            capacity=capacity,
            live_matches=live,
            is_active=is_active,
        )
        for pk, name, council_id, council_name, region_id, group, experience, capacity, live, is_active in rows
    ]


def load_suggestions(mentoring_request: MentoringRequest) -> list[Suggestion]:
    """Ranked suggestions for a request, in a bounded number of queries whatever the pool size.

    The request should come with ``council`` and ``mentee__mentor_profile`` already loaded
    (the access helper does that); the pool is narrowed in SQL to active mentors from other
    councils, and the pure function still applies every hard rule itself.
    """
    facts = request_facts(mentoring_request)
    pool = Mentor.objects.filter(is_active=True).exclude(council_id=facts.council_id)
    if facts.own_group_only:
        pool = pool.filter(political_group=facts.political_group)
    return suggest_mentors(facts, mentor_facts(pool))
