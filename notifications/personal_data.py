"""Notifications' part of a subject-access export and of erasure (see
``accounts.personal_data``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from accounts import personal_data
from accounts.models import User
from notifications.models import CalendarFeed, Notification, SwitchedOff


def _messages_to(user: User) -> Any:
    return Notification.objects.filter(Q(recipient=user) | Q(email__iexact=user.email))


def export(user: User) -> dict[str, Any]:
    return {
        "notifications": personal_data.section(
            _messages_to(user),
            fields=("email", "kind", "subject", "body_text", "status", "sent_at", "read_at"),
        ),
        "emails_switched_off": personal_data.section(
            SwitchedOff.objects.filter(user=user), fields=("switch",)
        ),
        # The address itself is a secret: only when it was made and stopped.
        "calendar_feeds": personal_data.section(
            CalendarFeed.objects.filter(user=user), fields=("created_at", "revoked_at")
        ),
    }


def erase(user: User, *, actor: User | None) -> dict[str, int]:
    """What the portal told the person is theirs alone: the messages, switches and calendar
    addresses are deleted."""
    messages, _ = _messages_to(user).delete()
    switches, _ = SwitchedOff.objects.filter(user=user).delete()
    feeds, _ = CalendarFeed.objects.filter(user=user).delete()
    return {"notifications": messages, "email switches": switches, "calendar addresses": feeds}
