"""Read-side builders for the busier mentoring pages; each returns plain template context."""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.db.models import Count, Q

from mentoring import permissions
from mentoring.models import Match, Mentor, MentoringRequest

BOARD_ROWS = 15
MATCH_PEOPLE = ("mentor__user", "mentor__council", "request__mentee", "request__council")


def _section(queryset: Any) -> dict[str, Any]:
    return {"rows": list(queryset[:BOARD_ROWS]), "total": queryset.count()}


def pool_load() -> dict[str, int]:
    """How full the mentor pool is: places offered by active mentors, taken and free."""
    counts = Mentor.objects.aggregate(
        mentors=Count("pk"), paused=Count("pk", filter=Q(is_active=False))
    )
    loads = (
        Mentor.objects.filter(is_active=True).with_load().values_list("capacity", "live_matches")
    )
    places = taken = free = full = 0
    for capacity, live in loads:
        places += capacity
        taken += min(live, capacity)
        free += max(0, capacity - live)
        full += live >= capacity
    return {**counts, "places": places, "taken": taken, "free": free, "full": full}


def board() -> dict[str, Any]:
    """The programme managers' board: what needs a mentor, what is out for an answer, what is
    under way, and how loaded the pool is; a fixed number of queries whatever the data size."""
    waiting = (
        MentoringRequest.objects.waiting()
        .select_related("mentee", "council")
        .order_by("requested_on", "pk")
    )
    proposed = (
        Match.objects.filter(status=Match.Status.PROPOSED)
        .select_related(*MATCH_PEOPLE)
        .order_by("proposed_on", "pk")
    )
    in_progress = (
        Match.objects.filter(status__in=(Match.Status.ACCEPTED, Match.Status.ACTIVE))
        .select_related(*MATCH_PEOPLE)
        .order_by("-responded_on", "-pk")
    )
    busiest = (
        Mentor.objects.with_load()
        .select_related("user", "council")
        .order_by("-live_matches", "user__full_name")[:BOARD_ROWS]
    )
    return {
        "waiting": _section(waiting),
        "proposed": _section(proposed),
        "in_progress": _section(in_progress),
        "pool": pool_load(),
        "busiest": busiest,
    }


def _history(match: Match) -> list[dict[str, Any]]:
    """Who moved the match, and when, from its audit log."""
    entries = LogEntry.objects.get_for_object(match).select_related("actor").order_by("timestamp")
    history = []
    for entry in entries:
        if entry.action == LogEntry.Action.CREATE:
            changes = ["proposed the match"]
        else:
            changes = [
                f"{field.capitalize()}: {old} → {new}"
                for field, (old, new) in entry.changes_display_dict.items()
                if field.lower() in {"status", "mentor"}
            ]
        if changes:
            history.append(
                {
                    "timestamp": entry.timestamp,
                    "actor": entry.actor or "The portal",
                    "changes": changes,
                }
            )
    return history


def match_page(user: Any, match: Match) -> dict[str, Any]:
    """Everything the match page shows this user, with what they may do next."""
    can_read_notes = permissions.can_read_session_notes(user, match)
    is_manager = permissions.is_programme_manager(user)
    return {
        "match": match,
        "sessions": list(match.sessions.select_related("logged_by")) if can_read_notes else [],
        "can_read_notes": can_read_notes,
        "is_manager": is_manager,
        "history": _history(match) if is_manager else [],
        "can_accept": permissions.can_accept_match(user, match),
        "can_decline": permissions.can_decline_match(user, match),
        "can_start": permissions.can_start_match(user, match),
        "can_complete": permissions.can_complete_match(user, match),
        "can_log_session": permissions.can_log_session(user, match),
        "can_give_feedback": permissions.can_give_feedback(user, match),
        "can_read_feedback": permissions.can_read_feedback(user, match),
    }
