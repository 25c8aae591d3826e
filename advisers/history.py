"""An engagement's change history from django-auditlog, made readable (and redacted)."""

from __future__ import annotations

from typing import Any

from advisers import permissions
from advisers.models import Engagement
from improvement_portal.history import record_history

HIDDEN = {"created_by"}
REDACTED = "confidential_notes"


def engagement_history(engagement: Engagement, user: Any) -> list[dict[str, Any]]:
    """Newest first: when, who, what changed; confidential notes only for those allowed."""
    show_notes = permissions.can_see_confidential_notes(user, engagement)
    return record_history(
        engagement,
        hidden=HIDDEN,
        redacted=() if show_notes else (REDACTED,),
        unknown_actor="The system (import)",
    )
