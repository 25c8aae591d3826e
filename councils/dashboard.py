"""Dashboard cards for the councils area."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from councils import permissions, trajectories
from councils.models import Council, OfstedUpload


def cards(user: Any) -> list[dict[str, Any]]:
    if not permissions.can_read_councils(user):
        return []
    today = timezone.localdate()
    councils = list(Council.objects.current().only("id", "active_from", "active_to"))
    history = trajectories.load_history(council.id for council in councils)
    below_good = trajectories.councils_ri_or_inadequate(councils, history, on=today)
    result = [
        {
            "title": "Councils",
            "figure": len(councils),
            "body": (
                f"English councils with children's services duties; {len(below_good)} judged "
                "requires improvement or inadequate at their latest Ofsted inspection."
            ),
            "url": reverse("councils:list"),
        }
    ]
    if permissions.can_import_ofsted(user):
        result.extend(_waiting_uploads())
    return result


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
