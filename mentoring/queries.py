"""Read-side builders for the busier mentoring pages; each returns plain template context."""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from councils.models import Region
from mentoring import matching, permissions
from mentoring.models import GroupOfficeReferral, Match, Mentor, MentoringRequest, PoliticalGroup

BOARD_ROWS = 10
SUGGESTIONS_SHOWN = 10
MATCH_PEOPLE = ("mentor__user", "mentor__council", "request__mentee", "request__council")
# Only the columns the match tables show: the board is the programme's busiest page.
MATCH_COLUMNS = (
    "status",
    "proposed_on",
    "responded_on",
    "request__kind",
    "request__mentee__full_name",
    "request__mentee__email",
    "request__council__name",
    "mentor__user__full_name",
    "mentor__user__email",
    "mentor__council__name",
)


def _balance_row(label: str) -> dict[str, Any]:
    return {"label": label, "mentors": 0, "paused": 0, "places": 0, "taken": 0, "free": 0}


def pool_balance(rows: list[tuple[Any, ...]]) -> dict[str, list[dict[str, Any]]]:
    """The pool by political group and by region (every one listed, so gaps show): mentors,
    paused, and the places active mentors offer, taken and free."""
    by_group = {code: _balance_row(label) for code, label in PoliticalGroup.choices}
    by_region = {
        pk: _balance_row(name)
        for pk, name in Region.objects.order_by("name").values_list("pk", "name")
    }
    for *_, capacity, live, is_active, group, region_id in rows:
        for row in (by_group.get(group), by_region.get(region_id)):
            if row is None:
                continue
            row["mentors"] += 1
            if not is_active:
                row["paused"] += 1
                continue
            row["places"] += capacity
            row["taken"] += min(live, capacity)
            row["free"] += max(0, capacity - live)
    return {"by_group": list(by_group.values()), "by_region": list(by_region.values())}


def pool_load() -> dict[str, Any]:
    """How full the mentor pool is, its balance by group and region, and its busiest mentors,
    from one query over the pool."""
    rows = list(
        Mentor.objects.with_load()
        .values_list(  # type: ignore[misc]  # django-stubs misses with_load's live_matches annotation
            "pk",
            "user__full_name",
            "council__name",
            "capacity",
            "live_matches",
            "is_active",
            "political_group",
            "region_id",
        )
        .order_by()
    )
    load: dict[str, Any] = dict.fromkeys(
        ("mentors", "paused", "places", "taken", "free", "full"), 0
    )
    busiest = []
    for pk, name, council, capacity, live, is_active, _group, _region in rows:
        load["mentors"] += 1
        busiest.append(
            {
                "pk": pk,
                "name": name,
                "council": council,
                "capacity": capacity,
                "live": live,
                "is_active": is_active,
                "is_full": live >= capacity,
            }
        )
        if not is_active:
            load["paused"] += 1
            continue
        load["places"] += capacity
        load["taken"] += min(live, capacity)
        load["free"] += max(0, capacity - live)
        load["full"] += live >= capacity
    busiest.sort(key=lambda row: (-row["live"], row["name"], row["pk"]))
    return {**load, "busiest": busiest[:BOARD_ROWS], "balance": pool_balance(rows)}


def board() -> dict[str, Any]:
    """The programme managers' board: what needs a mentor, what is out for an answer, what is
    under way, and how loaded the pool is; a fixed number of queries whatever the data size."""
    waiting = (
        MentoringRequest.objects.waiting()
        .select_related("mentee", "council")
        .only(
            "kind",
            "performance_concern",
            "requested_on",
            "mentee__full_name",
            "mentee__email",
            "council__name",
        )
        .order_by("requested_on", "pk")
    )
    matches = Match.objects.select_related(*MATCH_PEOPLE).only(*MATCH_COLUMNS)
    in_progress = (Match.Status.ACCEPTED, Match.Status.ACTIVE)
    counts = Match.objects.aggregate(
        proposed=Count("pk", filter=Q(status=Match.Status.PROPOSED)),
        in_progress=Count("pk", filter=Q(status__in=in_progress)),
    )
    return {
        "waiting": {"rows": list(waiting[:BOARD_ROWS]), "total": waiting.count()},
        "proposed": {
            "rows": list(
                matches.filter(status=Match.Status.PROPOSED).order_by("proposed_on", "pk")[
                    :BOARD_ROWS
                ]
            ),
            "total": counts["proposed"],
        },
        "in_progress": {
            "rows": list(
                matches.filter(status__in=in_progress).order_by("-responded_on", "-pk")[:BOARD_ROWS]
            ),
            "total": counts["in_progress"],
        },
        "pool": pool_load(),
        "stalled": list(
            Match.objects.stalled(timezone.localdate())
            .select_related(*MATCH_PEOPLE)
            .only(*MATCH_COLUMNS)
            .order_by("last_contact", "pk")[:BOARD_ROWS]  # type: ignore[misc]  # django-stubs misses stalled's last_contact annotation
        ),
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


def my_mentoring(user: Any) -> dict[str, Any]:
    """A councillor's requests, newest first, each with the matches a mentee may see."""
    shown = Match.objects.filter(status__in=Match.MENTEE_VISIBLE_STATUSES).select_related(
        "mentor__user", "mentor__council", "feedback"
    )
    requests = list(
        MentoringRequest.objects.visible_to(user)
        .prefetch_related(Prefetch("matches", queryset=shown, to_attr="shown_matches"))
        .order_by("-requested_on", "-pk")
    )
    outstanding = any(r.status in MentoringRequest.OUTSTANDING_STATUSES for r in requests)
    return {"requests": requests, "can_request": not outstanding}


def my_mentees(mentor: Mentor) -> dict[str, Any]:
    """A mentor's proposals to answer, current mentees and past mentees."""
    matches = list(
        Match.objects.filter(mentor=mentor)
        .exclude(status=Match.Status.DECLINED)
        .select_related("request__mentee", "request__council")
        .order_by("-proposed_on", "-pk")
    )
    in_progress = (Match.Status.ACCEPTED, Match.Status.ACTIVE)
    return {
        "mentor": mentor,
        "proposed": [m for m in matches if m.status == Match.Status.PROPOSED],
        "current": [m for m in matches if m.status in in_progress],
        "past": [m for m in matches if m.status == Match.Status.COMPLETED],
        "taken": sum(1 for m in matches if m.status in Match.LIVE_STATUSES),
    }


def request_page(found: MentoringRequest) -> dict[str, Any]:
    """A request with the mentors proposed so far and, while it is waiting, ranked suggestions."""
    history = list(found.matches.select_related("mentor__user", "mentor__council"))
    can_propose = found.status == MentoringRequest.Status.OPEN and not any(
        match.status in Match.LIVE_STATUSES for match in history
    )
    suggestions = matching.load_suggestions(found) if can_propose else []
    referrals = list(
        found.office_referrals.select_related(
            "office", "mentor__user", "mentor__council", "asked_by"
        )
    )
    shown = suggestions[:SUGGESTIONS_SHOWN]
    backed = office_backing(referrals)
    return {
        "found": found,
        "history": history,
        "can_propose": can_propose,
        "suggestions": shown,
        "suggestion_rows": [(s, backed.get(s.mentor.mentor_id, "")) for s in shown],
        "eligible_count": len(suggestions),
        "referrals": referrals,
    }


def office_backing(referrals: list[GroupOfficeReferral]) -> dict[int, str]:
    """Mentors a group office nominated or approved for the request, with which office."""
    backed = {}
    for referral in referrals:
        if referral.mentor_id and referral.answer in (
            GroupOfficeReferral.Answer.NOMINATED,
            GroupOfficeReferral.Answer.APPROVED,
        ):
            verb = (
                "Nominated"
                if referral.answer == GroupOfficeReferral.Answer.NOMINATED
                else "Approved"
            )
            backed[referral.mentor_id] = f"{verb} by the {referral.office.name}"
    return backed
