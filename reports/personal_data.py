"""The reports area's part of a subject-access export (see ``accounts.personal_data``)."""

from __future__ import annotations

from typing import Any

from accounts import personal_data
from accounts.models import User
from reports.models import EvaluationReport


def export(user: User) -> dict[str, Any]:
    return {
        "reports_requested": personal_data.section(
            EvaluationReport.objects.filter(requested_by=user).select_related(
                "region", "requested_by"
            ),
            # The figures are about councils, not the person: the request and its outcome only.
            exclude=("metrics", "progress", "stage"),
        )
    }


def erase(user: User, *, actor: User | None) -> dict[str, int]:
    """A report names who asked for it; the account's new name is enough: nothing to blank."""
    return {}
