"""The advisers area's part of a subject-access export and of erasure (see
``accounts.personal_data``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from accounts import personal_data
from accounts.models import User
from advisers.models import (
    Accreditation,
    Adviser,
    Availability,
    Engagement,
    EngagementUpload,
    SupportRequest,
    SupportRequestEvent,
)


def export(user: User) -> dict[str, Any]:
    # The person is the author of engagements logged by them or for them, so the confidential
    # notes are theirs too (advisers.permissions grants authors the notes on the same rule).
    engagements = Engagement.objects.filter(Q(adviser__user=user) | Q(created_by=user))
    return {
        "adviser_profile": personal_data.section(
            Adviser.objects.filter(user=user).select_related("user", "region", "home_council"),
            extra=lambda adviser: {
                "councils": sorted(council.name for council in adviser.councils.all())
            },
        ),
        "accreditations": personal_data.section(
            Accreditation.objects.filter(adviser__user=user).select_related("adviser__user")
        ),
        "availability": personal_data.section(
            Availability.objects.filter(adviser__user=user).select_related("adviser__user")
        ),
        "engagements": personal_data.section(
            engagements.select_related("council", "adviser__user", "created_by")
        ),
        "support_requests": personal_data.section(
            SupportRequest.objects.filter(Q(requested_by=user) | Q(routed_to=user)).select_related(
                "council", "requested_by", "routed_to", "assigned_to__user"
            )
        ),
        "support_request_steps": personal_data.section(
            SupportRequestEvent.objects.filter(changed_by=user).select_related(
                "support_request__council", "changed_by"
            )
        ),
        # Uploads name no one but who uploaded them; their reports are the file's lines.
        "engagement_uploads": personal_data.section(
            EngagementUpload.objects.filter(uploaded_by=user).select_related("uploaded_by"),
            exclude=("report",),
        ),
    }


def erase(user: User, *, actor: User | None) -> dict[str, int]:
    """What the person wrote about themselves goes; engagements stay as programme records."""
    return {
        "adviser skills blanked": personal_data.blank_text(
            Adviser.objects.filter(user=user), ["skills"]
        ),
        "availability notes blanked": personal_data.blank_text(
            Availability.objects.filter(adviser__user=user), ["notes"]
        ),
    }
