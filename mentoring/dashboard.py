"""Dashboard cards for mentoring: what needs doing first, then where things stand."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from mentoring.models import Match, Mentor, MentoringRequest

ITEMS_SHOWN = 3


def cards(user: Any) -> list[dict[str, Any]]:
    if user.is_programme_manager:
        return _manager_cards()
    if user.is_councillor:
        return _mentor_cards(user) + _mentee_cards(user)
    return []


def _manager_cards() -> list[dict[str, Any]]:
    board = reverse("mentoring:board")
    waiting = MentoringRequest.objects.waiting().select_related("mentee", "council")
    first = list(waiting.order_by("requested_on", "pk")[:ITEMS_SHOWN])
    result = []
    if first:
        total = waiting.count()
        result.append(
            {
                "title": f"{total} mentoring {'request needs' if total == 1 else 'requests need'} a mentor",
                "url": board,
                "action": True,
                "items": [
                    {
                        "label": f"{item.mentee}, {item.council.name}",
                        "url": item.get_absolute_url(),
                        "note": f"asked on {item.requested_on:%-d %B %Y}",
                    }
                    for item in first
                ],
            }
        )
    active = Match.objects.filter(status__in=(Match.Status.ACCEPTED, Match.Status.ACTIVE)).count()
    result.append(
        {
            "title": "Mentoring",
            "figure": active,
            "body": "Councillor peer mentoring matches under way.",
            "url": board,
        }
    )
    return result


def _mentor_cards(user: Any) -> list[dict[str, Any]]:
    mentor = Mentor.objects.filter(user=user).first()
    if mentor is None:
        return []
    matches = list(
        Match.objects.filter(mentor=mentor, status__in=Match.LIVE_STATUSES).select_related(
            "request__mentee", "request__council"
        )
    )
    proposed = [m for m in matches if m.status == Match.Status.PROPOSED]
    result = []
    if proposed:
        result.append(
            {
                "title": "Mentoring requests to answer",
                "url": reverse("mentoring:mentees"),
                "action": True,
                "items": [
                    {
                        "label": f"{m.request.mentee}, {m.request.council.name}",
                        "url": m.get_absolute_url(),
                        "note": "say whether you can mentor them",
                    }
                    for m in proposed[:ITEMS_SHOWN]
                ],
            }
        )
    result.append(
        {
            "title": "My mentees",
            "figure": len(matches) - len(proposed),
            "body": f"Current mentees, of the {mentor.capacity} you can take on.",
            "url": reverse("mentoring:mentees"),
        }
    )
    return result


def _mentee_cards(user: Any) -> list[dict[str, Any]]:
    mine = reverse("mentoring:mine")
    awaiting_feedback = (
        Match.objects.filter(
            request__mentee=user, status=Match.Status.COMPLETED, feedback__isnull=True
        )
        .select_related("mentor__user")
        .first()
    )
    result = []
    if awaiting_feedback is not None:
        result.append(
            {
                "title": "Tell us how your mentoring went",
                "url": reverse("mentoring:feedback", args=[awaiting_feedback.pk]),
                "action": True,
                "body": f"Your mentoring with {awaiting_feedback.mentor.user} has finished.",
            }
        )
    outstanding = (
        MentoringRequest.objects.filter(
            mentee=user, status__in=MentoringRequest.OUTSTANDING_STATUSES
        )
        .only("status")
        .first()
    )
    if outstanding is None:
        body = "Ask for a councillor peer to mentor you."
    else:
        body = f"Your mentoring request: {outstanding.get_status_display().lower()}."
    result.append({"title": "My mentoring", "body": body, "url": mine})
    return result
