"""Dashboard cards for evaluation reports: reports ready to download lead, then the area."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from accounts.permissions import can_use_area
from reports.models import EvaluationReport

READY_FOR = datetime.timedelta(days=14)


def cards(user: Any) -> list[dict[str, Any]]:
    if not can_use_area(user, "reports"):
        return []
    url = reverse("reports:list")
    ready = EvaluationReport.objects.visible_to(user).filter(
        requested_by=user,
        status=EvaluationReport.Status.DONE,
        finished_at__gte=timezone.now() - READY_FOR,
    )
    count = ready.count()
    result: list[dict[str, Any]] = []
    if count:
        result.append(
            {
                "title": f"{count} report{'s' if count != 1 else ''} ready",
                "url": url,
                "action": True,
                "items": [
                    {
                        "label": f"{report.scope_label}, {report.period_label}",
                        "url": report.get_absolute_url(),
                        "note": f"ready since {_day(report.finished_at)}",
                    }
                    for report in ready.select_related("region").order_by("-finished_at")[:5]
                ],
            }
        )
    result.append(
        {
            "title": "Evaluation reports",
            "url": url,
            "body": "The programme's evaluation for any period and region, as a PDF with its tables.",
        }
    )
    return result


def _day(moment: datetime.datetime | None) -> str:
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{local.day} {local:%B %Y}"
