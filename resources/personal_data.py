"""The resource library's part of a subject-access export (see ``accounts.personal_data``)."""

from __future__ import annotations

from typing import Any

from accounts import personal_data
from accounts.models import User
from resources.models import Resource


def export(user: User) -> dict[str, Any]:
    return {
        "resources_added": personal_data.section(
            Resource.objects.filter(created_by=user).select_related("created_by"),
            exclude=("search_vector",),
        )
    }


def erase(user: User, *, actor: User | None) -> dict[str, int]:
    """Published guides are the programme's, not the person's: nothing to blank."""
    return {}
