"""The peer challenges section of a council's page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from accounts.permissions import can_use_area
from councils.models import Council
from peer_challenges import permissions

SECTION_LIMIT = 10


def sections(user: Any, council: Council) -> list[dict[str, Any]]:
    """The council's peer challenges this user may see, and a way to request one."""
    if not can_use_area(user, "peer_challenges"):
        return []
    challenges = list(
        permissions.visible_to(user)
        .filter(council=council)
        .select_related("council")
        .order_by("-requested_on", "-pk")[:SECTION_LIMIT]
    )
    request_url = None
    if council.is_current and permissions.can_request_for(user, council):
        request_url = f"{reverse('peer_challenges:request')}?council={council.gss_code}"
    if not challenges and request_url is None:
        return []
    return [
        {
            "title": "Peer challenges",
            "template": "peer_challenges/fragment_council_section.html",
            "context": {"council": council, "challenges": challenges, "request_url": request_url},
        }
    ]
