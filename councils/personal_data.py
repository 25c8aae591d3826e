"""The councils area's part of a subject-access export (see ``accounts.personal_data``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from accounts import personal_data
from accounts.models import User
from councils.models import OfstedUpload


def export(user: User) -> dict[str, Any]:
    uploads = OfstedUpload.objects.filter(Q(uploaded_by=user) | Q(imported_by=user))
    return {
        "ofsted_uploads": personal_data.section(
            uploads.select_related("uploaded_by", "imported_by"), exclude=("report",)
        )
    }


def erase(user: User, *, actor: User | None) -> dict[str, int]:
    """Uploads are programme records and name no one but who uploaded them: nothing to blank."""
    return {}
