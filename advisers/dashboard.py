"""Dashboard cards for the advisers area: what needs doing first, then figures."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from accounts.permissions import can_use_area
from advisers import links, permissions, queries
from advisers.models import Accreditation, Adviser, Availability, Engagement
from advisers.templatetags.advisers import EXPIRY_WARNING_DAYS
from improvement_portal.templatetags.portal import days

GRADE_WORDS = {3: "requires improvement", 4: "inadequate"}
MAX_ITEMS = 10


def _long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def cards(user: Any) -> list[dict[str, Any]]:
    today = timezone.localdate()
    if user.is_programme_manager:
        return _programme_manager_cards(user, today)
    if user.is_principal_adviser or user.is_improvement_adviser:
        return _adviser_cards(user, today)
    if user.is_associate:
        return _associate_cards(user, today)
    return []


def _days_this_year(queryset: Any, today: datetime.date) -> str:
    total = queryset.filter(date__year=today.year).aggregate(total=Sum("days"))["total"] or 0
    return days(total)


def _programme_manager_cards(user: Any, today: datetime.date) -> list[dict[str, Any]]:
    cards = []
    expiring = Accreditation.objects.expiring_within(EXPIRY_WARNING_DAYS, today).select_related(
        "adviser__user"
    )
    items = [
        {
            "label": str(a.adviser),
            "url": a.adviser.get_absolute_url(),
            "note": f"{a.get_kind_display()} expires on {_long(a.expires_on)}",
        }
        for a in expiring[:MAX_ITEMS]
    ]
    if items:
        cards.append(
            {
                "title": f"Accreditations due to expire in the next {EXPIRY_WARNING_DAYS} days",
                "url": reverse("advisers:accreditation-expiring"),
                "action": True,
                "items": items,
            }
        )
    cards += _support_request_cards(user)
    cards.append(
        {
            "title": "Engagements",
            "url": reverse("advisers:engagement-list"),
            "figure": _days_this_year(Engagement.objects.all(), today),
            "body": f"Adviser days logged with councils in {today.year}.",
        }
    )
    return cards


def _support_request_cards(user: Any) -> list[dict[str, Any]]:
    new = permissions.visible_support_requests(user).filter(status="new")
    if user.is_principal_adviser:
        new = new.filter(council__region_id=user.region_id)
    waiting = list(new.select_related("council")[:MAX_ITEMS])
    if not waiting:
        return []
    return [
        {
            "title": "New support requests to triage",
            "url": reverse("advisers:support-request-list") + "?status=new",
            "action": True,
            "items": [
                {"label": r.council.name, "url": r.get_absolute_url(), "note": r.get_kind_display()}
                for r in waiting
            ],
        }
    ]


def _adviser_cards(user: Any, today: datetime.date) -> list[dict[str, Any]]:
    adviser = Adviser.objects.filter(user=user).values("pk", "contact_gap_days").first()
    gap = adviser["contact_gap_days"] if adviser else settings.ENGAGEMENT_CONTACT_DAYS_DEFAULT
    patch = queries.patch_with_attention_facts(user)
    found = [
        _contact_card(patch, today, gap),
        _follow_up_card(user, today),
        _inspection_card(patch, today),
    ]
    cards = [card for card in found if card]
    if can_use_area(user, "support_requests") and user.is_principal_adviser:
        cards += _support_request_cards(user)
    cards.append(
        {
            "title": "Your engagements",
            "url": reverse("advisers:engagement-list")
            + f"?adviser={adviser['pk'] if adviser else ''}",
            "figure": _days_this_year(Engagement.objects.filter(adviser__user=user), today),
            "body": f"Days you logged in {today.year}. Log an engagement in under a minute.",
        }
    )
    return cards


def _contact_card(patch: list[Any], today: datetime.date, gap: int) -> dict[str, Any] | None:
    councils = queries.councils_needing_contact(patch, today, gap)
    if not councils:
        return None
    items = []
    for council in councils[:MAX_ITEMS]:
        contact = (
            f"last contact {_long(council.last_contact_on)}"
            if council.last_contact_on
            else "no adviser contact recorded"
        )
        items.append(
            {
                "label": council.name,
                "url": links.council_url(council),
                "note": f"judged {GRADE_WORDS[council.latest_grade]}; {contact}",
            }
        )
    count = len(councils)
    return {
        "title": f"{count} council{'s' if count != 1 else ''} need{'s' if count == 1 else ''} contact",
        "body": (
            f"Judged requires improvement or inadequate, with no adviser contact in the last "
            f"{gap} days. Change the number of days on your profile."
        ),
        "url": reverse("advisers:profile"),
        "action": True,
        "items": items,
    }


def _follow_up_card(user: Any, today: datetime.date) -> dict[str, Any] | None:
    follow_ups = list(queries.passed_follow_ups(user, today)[:MAX_ITEMS])
    if not follow_ups:
        return None
    return {
        "title": "Follow-ups that have passed",
        "body": "Follow-up dates from the last year with no contact since the engagement.",
        "url": reverse("advisers:engagement-list"),
        "action": True,
        "items": [
            {
                "label": e.council.name,
                "url": links.council_url(e.council),
                "note": f"follow-up was due {_long(e.follow_up_on)} (engagement {_long(e.date)})",
            }
            for e in follow_ups
        ],
    }


def _inspection_card(patch: list[Any], today: datetime.date) -> dict[str, Any] | None:
    councils = queries.inspections_likely_soon(patch, today)
    if not councils:
        return None
    return {
        "title": "Inspections likely soon",
        "body": queries.NEXT_INSPECTION_EXPLAINED,
        "action": True,
        "items": [
            {
                "label": c.name,
                "url": links.council_url(c),
                "note": _inspection_note(c, today),
            }
            for c in councils[:MAX_ITEMS]
        ],
    }


def _inspection_note(council: Any, today: datetime.date) -> str:
    """When the next inspection is expected; an estimate already past is never "next"."""
    last = f"last full inspection published {_long(council.last_full_inspection_on)}; "
    estimate = council.next_inspection_estimate
    if estimate < today.replace(day=1):
        return (
            last + f"an inspection was expected around {estimate:%B %Y} and no newer "
            "outcome is in the portal yet"
        )
    return last + f"next estimated around {estimate:%B %Y}"


def _associate_cards(user: Any, today: datetime.date) -> list[dict[str, Any]]:
    cards = []
    expiring = Accreditation.objects.filter(adviser__user=user).expiring_within(
        EXPIRY_WARNING_DAYS, today
    )
    items = [
        {
            "label": a.get_kind_display(),
            "url": reverse("advisers:accreditation-list"),
            "note": f"expires on {_long(a.expires_on)}",
        }
        for a in expiring
    ]
    if items:
        cards.append(
            {
                "title": "Accreditations to renew",
                "url": reverse("advisers:accreditation-list"),
                "action": True,
                "items": items,
            }
        )
    periods = Availability.objects.filter(adviser__user=user).current(today).count()
    cards.append(
        {
            "title": "Your availability",
            "url": reverse("advisers:availability"),
            "figure": periods,
            "body": "Periods you are available for peer challenges and diagnostics.",
        }
    )
    return cards
