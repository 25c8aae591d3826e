"""The advisers' section of a council's page: engagement history and adviser days by year.

The councils app draws each section's template inside the council page's context, with the
section's context on top (``{% council_section %}``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.urls import reverse

from accounts.permissions import can_use_area
from advisers import permissions

TEMPLATE = "advisers/fragment_council_engagements.html"
RECENT = 10


def sections(user: Any, council: Any) -> list[dict[str, Any]]:
    """Nothing for roles that may not read engagements; otherwise what the user may read."""
    if not can_use_area(user, "engagements"):
        return []
    engagements = permissions.visible_engagements(user).filter(council=council)
    by_year = list(
        engagements.annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(days=Sum("days"), count=Count("pk"))
        .order_by("-year")
    )
    recent = list(engagements.select_related("adviser__user").order_by("-date", "-pk")[:RECENT])
    list_url = f"{reverse('advisers:engagement-list')}?council={council.pk}"
    return [
        {
            "title": "Adviser engagements",
            "template": TEMPLATE,
            "context": {
                "council": council,
                "by_year": by_year,
                "total_days": sum((row["days"] for row in by_year), 0),
                "total_count": sum(row["count"] for row in by_year),
                "recent": recent,
                "list_url": list_url,
                "create_url": reverse("advisers:engagement-create") + f"?council={council.pk}",
                "is_partial": not user.is_programme_manager,
            },
        }
    ]
