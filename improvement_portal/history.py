"""A record's audit history from django-auditlog, in words for the people who read it.

Each entry says who did what and when, and each change names the field as the page does
("Commissioned by the DfE: no → yes"): choices by their label, people and councils by name,
dates as "3 March 2025", yes/no for booleans. Never a raw field name or a database key.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst

ACTIONS = {
    LogEntry.Action.CREATE: "Created",
    LogEntry.Action.UPDATE: "Changed",
    LogEntry.Action.DELETE: "Deleted",
}
ALWAYS_HIDDEN = frozenset({"id", "created_at", "updated_at", "password", "last_login"})
NONE = "(none)"
HIDDEN_VALUE = "(hidden)"
# A page shows the newest changes; older ones stay in the audit log.
LIMIT = 50


def label(model: type[models.Model], name: str) -> str:
    """The field's name as a form or page shows it (or as registered with ``mapping_fields``)."""
    if auditlog.contains(model):
        mapped = auditlog.get_model_fields(model)["mapping_fields"].get(name)
        if mapped:
            return str(mapped)
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a field since removed from the model
        field = None
    return capfirst(str(getattr(field, "verbose_name", None) or name.replace("_", " ")))


def _day(value: Any) -> str:
    text = str(value)
    try:
        if len(text) > 10:
            moment = datetime.datetime.fromisoformat(text)
            return f"{moment.day} {moment:%B %Y}, {moment:%H:%M}"
        day = datetime.date.fromisoformat(text)
    except ValueError:
        return text
    return f"{day.day} {day:%B %Y}"


class _Names:
    """Names for the keys a history mentions, looked up once per model."""

    def __init__(self) -> None:
        self.cache: dict[tuple[type[models.Model], str], str] = {}

    def name(self, model: type[models.Model], key: str) -> str:
        if (model, key) not in self.cache:
            found = model._default_manager.filter(pk=key).first() if key.isdigit() else None
            self.cache[(model, key)] = str(found) if found is not None else "(since removed)"
        return self.cache[(model, key)]


def display(model: type[models.Model], name: str, value: Any, names: _Names) -> str:
    """One recorded value in words."""
    if value in (None, "None", "", "null", "[]"):
        return NONE
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return str(value)
    if not getattr(field, "concrete", False):
        return str(value)
    if isinstance(field, models.Field) and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "yes" if str(value) == "True" else "no"
    if isinstance(field, models.ForeignKey):
        return names.name(field.related_model, str(value))
    if isinstance(field, models.DateField | models.DateTimeField):
        return _day(value)
    return str(value)


def _m2m_change(model: type[models.Model], name: str, values: dict[str, Any]) -> dict[str, str]:
    objects = ", ".join(str(item) for item in values.get("objects", [])) or NONE
    verb = {"add": "added", "delete": "removed"}.get(values.get("operation", ""), "set to")
    return {"field": label(model, name), "old": "", "new": f"{verb} {objects}", "m2m": "yes"}


def describe(
    entry: LogEntry,
    model: type[models.Model],
    names: _Names,
    *,
    hidden: Iterable[str] = (),
    redacted: Iterable[str] = (),
) -> list[dict[str, str]]:
    """The changes of one entry, in words; redacted fields say only that they changed."""
    hidden = ALWAYS_HIDDEN | set(hidden)
    redacted = set(redacted)
    changes = []
    for name, values in entry.changes_dict.items():
        if name in hidden:
            continue
        if isinstance(values, dict):
            changes.append(_m2m_change(model, name, values))
            continue
        if name in redacted:
            if entry.action != LogEntry.Action.CREATE:
                changes.append(
                    {"field": label(model, name), "old": HIDDEN_VALUE, "new": HIDDEN_VALUE}
                )
            continue
        old, new = ([*values, None, None])[:2]
        change = {
            "field": label(model, name),
            "old": display(model, name, old, names),
            "new": display(model, name, new, names),
        }
        # A new record lists what it was made with, not every empty field.
        if entry.action != LogEntry.Action.CREATE or change["new"] != NONE:
            changes.append(change)
    return changes


def record_history(
    obj: models.Model,
    *,
    hidden: Iterable[str] = (),
    redacted: Iterable[str] = (),
    unknown_actor: str = "The portal",
) -> list[dict[str, Any]]:
    """Newest first: when, who, what they did and each change in words."""
    model = type(obj)
    entries = LogEntry.objects.get_for_object(obj).select_related("actor")
    return entries_in_words(
        entries[:LIMIT], model, hidden=hidden, redacted=redacted, unknown_actor=unknown_actor
    )


def entries_in_words(
    entries: Iterable[LogEntry],
    model: type[models.Model],
    *,
    hidden: Iterable[str] = (),
    redacted: Iterable[str] = (),
    unknown_actor: str = "The portal",
    about: Callable[[LogEntry], str] | None = None,
) -> list[dict[str, Any]]:
    """Entries of one model in words; ``about`` names what each is about, if not the record."""
    names = _Names()
    history = []
    for entry in entries:
        changes = describe(entry, model, names, hidden=hidden, redacted=redacted)
        if entry.action == LogEntry.Action.UPDATE and not changes:
            continue
        history.append(
            {
                "when": entry.timestamp,
                "actor": str(entry.actor) if entry.actor else unknown_actor,
                "action": ACTIONS.get(entry.action, "Recorded"),
                "changes": changes,
                "about": about(entry) if about else "",
            }
        )
    return history


def merged(*histories: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Several histories as one, newest first."""
    return sorted(
        (entry for history in histories for entry in history),
        key=lambda entry: entry["when"],
        reverse=True,
    )
