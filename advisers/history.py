"""An engagement's change history from django-auditlog, made readable (and redacted)."""

from __future__ import annotations

import datetime
from typing import Any

from auditlog.models import LogEntry
from django.db import models

from advisers import permissions
from advisers.models import Adviser, Engagement
from councils.models import Council

ACTIONS = {LogEntry.Action.CREATE: "Created", LogEntry.Action.UPDATE: "Changed"}
HIDDEN = {"id", "created_at", "updated_at", "created_by"}
REDACTED = "confidential_notes"


def _label(name: str) -> str:
    try:
        field = Engagement._meta.get_field(name)
        return str(getattr(field, "verbose_name", name.replace("_", " "))).capitalize()
    except Exception:  # a field since removed from the model
        return name.replace("_", " ").capitalize()


def _display(name: str, value: Any, names: dict[str, dict[str, str]]) -> str:
    if value in (None, "None", ""):
        return "(none)"
    if name in names:
        return names[name].get(str(value), str(value))
    field = Engagement._meta.get_field(name) if name != "id" else None
    if isinstance(field, models.Field) and field.choices:
        return str(dict(field.choices).get(value, value))
    if name in ("date", "follow_up_on"):
        try:
            day = datetime.date.fromisoformat(str(value))
        except ValueError:
            return str(value)
        return f"{day.day} {day:%B %Y}"
    if name == "commissioned_by_dfe":
        return "Yes" if str(value) == "True" else "No"
    return str(value)


def _related_names(entries: list[LogEntry]) -> dict[str, dict[str, str]]:
    ids: dict[str, set[str]] = {"council": set(), "adviser": set()}
    for entry in entries:
        for name in ids:
            ids[name].update(
                str(v) for v in entry.changes_dict.get(name, []) if v not in (None, "None")
            )
    councils = Council.objects.filter(pk__in=[int(i) for i in ids["council"] if i.isdigit()])
    advisers = Adviser.objects.filter(
        pk__in=[int(i) for i in ids["adviser"] if i.isdigit()]
    ).select_related("user")
    return {
        "council": {str(c.pk): c.name for c in councils},
        "adviser": {str(a.pk): str(a) for a in advisers},
    }


def engagement_history(engagement: Engagement, user: Any) -> list[dict[str, Any]]:
    """Newest first: when, who, what changed; confidential notes only for those allowed."""
    show_notes = permissions.can_see_confidential_notes(user, engagement)
    entries = list(LogEntry.objects.get_for_object(engagement).select_related("actor"))
    names = _related_names(entries)
    history = []
    for entry in entries:
        changes = []
        for name, values in entry.changes_dict.items():
            if name in HIDDEN:
                continue
            old, new = (values + [None, None])[:2]
            if name == REDACTED and not show_notes:
                if entry.action != LogEntry.Action.CREATE:
                    changes.append({"field": _label(name), "old": "(hidden)", "new": "(hidden)"})
                continue
            changes.append(
                {
                    "field": _label(name),
                    "old": _display(name, old, names),
                    "new": _display(name, new, names),
                }
            )
        history.append(
            {
                "when": entry.timestamp,
                "actor": str(entry.actor) if entry.actor else "The system (import)",
                "action": ACTIONS.get(entry.action, "Recorded"),
                "changes": changes,
            }
        )
    return history
