"""Mentoring's section on a council's page: the council's councillors in mentoring, and the
mentors it gives to the pool. For programme managers only: who is being mentored is personal."""

from __future__ import annotations

from typing import Any

from councils.models import Council
from mentoring import permissions
from mentoring.models import Match, Mentor, MentoringRequest

ROWS_SHOWN = 10


def sections(user: Any, council: Council) -> list[dict[str, Any]]:
    if not permissions.is_programme_manager(user):
        return []
    requests = (
        MentoringRequest.objects.filter(council=council)
        .select_related("mentee")
        .order_by("-requested_on", "-pk")
    )
    matches = (
        Match.objects.filter(request__council=council)
        .exclude(status=Match.Status.DECLINED)
        .select_related("mentor__user", "mentor__council", "request__mentee")
        .order_by("-proposed_on", "-pk")
    )
    mentors = Mentor.objects.filter(council=council).with_load().select_related("user")
    return [
        {
            "title": "Councillor mentoring",
            "template": "mentoring/fragment_council_section.html",
            "context": {
                "council": council,
                "requests": list(requests[:ROWS_SHOWN]),
                "request_total": requests.count(),
                "matches": list(matches[:ROWS_SHOWN]),
                "mentors": list(mentors[:ROWS_SHOWN]),
            },
        }
    ]
