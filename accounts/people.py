"""Reading people for programme managers: the list, and a person's page with its history."""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from accounts.models import User
from improvement_portal.history import LIMIT, entries_in_words, merged


def people(filters: dict[str, Any]) -> QuerySet[User]:
    """Everyone registered, narrowed by name or email, role and status."""
    found = User.objects.select_related("region", "council").order_by("full_name", "email")
    if filters.get("q"):
        found = found.filter(
            Q(full_name__icontains=filters["q"]) | Q(email__icontains=filters["q"])
        )
    if filters.get("role"):
        found = found.filter(role=filters["role"])
    if filters.get("status"):
        found = found.filter(is_active=filters["status"] == "active")
    return found


def assigned_councils(person: User) -> list[Any]:
    adviser = getattr(person, "adviser_profile", None) if person.is_adviser else None
    return list(adviser.councils.order_by("name")) if adviser else []


def person_history(person: User) -> list[dict[str, Any]]:
    """Newest first: every audited change to the person and to their adviser profile."""
    Adviser = apps.get_model("advisers", "Adviser")
    adviser_ids = [
        str(pk) for pk in Adviser.objects.filter(user=person).values_list("pk", flat=True)
    ]
    user_entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_pk=str(person.pk)
    ).select_related("actor")
    adviser_entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Adviser), object_pk__in=adviser_ids
    ).select_related("actor")
    return merged(
        entries_in_words(user_entries[:LIMIT], User),
        entries_in_words(adviser_entries[:LIMIT], Adviser, about=lambda entry: "adviser profile"),
    )
