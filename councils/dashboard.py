"""Dashboard cards for the councils area."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from councils import permissions, trajectories
from councils.models import Council, OfstedInspection, OfstedUpload


def cards(user: Any) -> list[dict[str, Any]]:
    if not permissions.can_read_councils(user):
        return []
    counts = _national_counts(timezone.localdate())
    result = [
        {
            "title": "Councils",
            "figure": counts["councils"],
            "body": (
                f"English councils with children's services duties; {counts['below_good']} judged "
                "requires improvement or inadequate at their latest Ofsted inspection."
            ),
            "url": reverse("councils:list"),
        }
    ]
    if permissions.can_import_ofsted(user):
        result.extend(_waiting_uploads())
    return result


def _national_counts(today: datetime.date) -> dict[str, int]:
    """Current councils, and those whose latest published overall judgement is RI or inadequate.

    One aggregate in SQL; the same rule as trajectories.councils_ri_or_inadequate.
    """
    latest = (
        OfstedInspection.objects.filter(
            council=OuterRef("pk"),
            overall_effectiveness__isnull=False,
            published_on__isnull=False,
            published_on__lte=today,
        )
        .order_by("-published_on", "-pk")
        .values("overall_effectiveness")[:1]
    )
    return (
        Council.objects.current()
        .annotate(latest=Subquery(latest))
        .aggregate(
            councils=Count("pk"),
            below_good=Count("pk", filter=Q(latest__in=sorted(trajectories.RI_OR_INADEQUATE))),
        )
    )


def _waiting_uploads() -> list[dict[str, Any]]:
    ready = list(OfstedUpload.objects.filter(status=OfstedUpload.Status.READY)[:5])
    if not ready:
        return []
    return [
        {
            "title": "Ofsted files checked and waiting to be imported",
            "action": True,
            "url": reverse("councils:import"),
            "items": [
                {
                    "label": upload.file_name,
                    "url": upload.get_absolute_url(),
                    "note": "check and import",
                }
                for upload in ready
            ],
        }
    ]
