"""Dashboard cards for peer challenges: what needs doing first, then figures."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, Q, When
from django.urls import reverse
from django.utils import timezone

from accounts.permissions import can_use_area
from peer_challenges import permissions
from peer_challenges.models import PeerChallenge, TeamMember

Status = PeerChallenge.Status
ITEM_LIMIT = 5


def cards(user: Any) -> list[dict[str, Any]]:
    if not can_use_area(user, "peer_challenges"):
        return []
    if user.is_programme_manager or user.is_principal_adviser:
        return _follow_up_cards(user) + _manager_cards(user) + _team_cards(user)
    if user.is_councillor:
        return _councillor_cards(user)
    return _team_cards(user)


def _manager_cards(user: Any) -> list[dict[str, Any]]:
    visible = permissions.visible_to(user)
    if user.is_principal_adviser:
        visible = visible.filter(council__region_id=user.region_id)
    today = timezone.localdate()
    items = [_item(c, _manager_note(c)) for c in _needing_managers(visible, today)]
    where = user.region.name if user.is_principal_adviser and user.region else "England"
    result = [
        {
            "title": "Peer challenges",
            "url": reverse("peer_challenges:list"),
            "figure": visible.open().count(),
            "body": f"Open peer challenges in {where}, from request to the on-site week.",
        }
    ]
    if items:
        result.insert(
            0,
            {
                "title": "Peer challenges that need you",
                "url": reverse("peer_challenges:list"),
                "action": True,
                "items": items,
            },
        )
    return result


def _needing_managers(visible: Any, today: Any) -> list[PeerChallenge]:
    needing = visible.filter(
        Q(status=Status.REQUESTED)
        | Q(status=Status.TEAM_CONFIRMED, on_site_starts_on__lte=today)
        | Q(status=Status.FEEDBACK_SENT, follow_up_on__isnull=True)
        | Q(status=Status.FEEDBACK_SENT, follow_up_on__lte=today)
    )
    # New requests first, then weeks that have come, then follow-ups; oldest first in each.
    priority = Case(
        When(status=Status.REQUESTED, then=0),
        When(status=Status.TEAM_CONFIRMED, then=1),
        default=2,
    )
    return list(needing.select_related("council").order_by(priority, "requested_on")[:ITEM_LIMIT])


def _manager_note(challenge: PeerChallenge) -> str:
    if challenge.status == Status.REQUESTED:
        return "requested, to be scoped"
    if challenge.status == Status.TEAM_CONFIRMED:
        return "the on-site week has come: start it"
    if challenge.follow_up_is_waived:
        return "follow-up waived: close the peer challenge"
    if challenge.follow_up_on is None:
        return "feedback sent: book the follow-up conversation"
    return "follow-up due: record it, then close the peer challenge"


def _follow_up_cards(user: Any) -> list[dict[str, Any]]:
    """Follow-ups the person owns that are due (today or overdue), soonest first."""
    due = (
        PeerChallenge.objects.filter(
            follow_up_owner=user,
            status=Status.FEEDBACK_SENT,
            follow_up_on__lte=timezone.localdate(),
            follow_up_waived_reason="",
        )
        .select_related("council")
        .order_by("follow_up_on", "pk")[:ITEM_LIMIT]
    )
    items = [
        _item(c, f"follow-up due {c.follow_up_on:%-d %B %Y}: {c.follow_up_checks}") for c in due
    ]
    if not items:
        return []
    return [
        {
            "title": "Peer challenge follow-ups due",
            "url": reverse("peer_challenges:list"),
            "action": True,
            "items": items,
        }
    ]


def _team_cards(user: Any) -> list[dict[str, Any]]:
    places = list(
        TeamMember.objects.filter(adviser__user=user)
        .exclude(challenge__status__in=[Status.CLOSED, Status.CANCELLED])
        .select_related("challenge__council")
        .order_by("challenge__on_site_starts_on")
    )
    items = []
    for place in places:
        challenge = place.challenge
        if challenge.status == Status.SCOPING and not place.is_confirmed:
            items.append(_item(challenge, f"confirm your place as {place.get_role_display()}"))
        elif place.is_lead and challenge.status == Status.ON_SITE and not challenge.strengths:
            items.append(_item(challenge, "write the feedback letter"))
    result = []
    if items:
        result.append(
            {
                "title": "Your peer challenges",
                "url": reverse("peer_challenges:list"),
                "action": True,
                "items": items[:ITEM_LIMIT],
            }
        )
    if places:
        result.append(
            {
                "title": "Peer challenges you are on",
                "url": reverse("peer_challenges:list"),
                "figure": len(places),
                "body": "Peer challenges where you are on the team.",
            }
        )
    return result


def _councillor_cards(user: Any) -> list[dict[str, Any]]:
    count = permissions.visible_to(user).count()
    if not count:
        return []
    return [
        {
            "title": "Peer challenge feedback",
            "url": reverse("peer_challenges:list"),
            "figure": count,
            "body": f"Feedback letters from peer challenges of {user.council.name}.",
        }
    ]


def _item(challenge: PeerChallenge, note: str) -> dict[str, Any]:
    return {"label": challenge.council.name, "url": challenge.get_absolute_url(), "note": note}
