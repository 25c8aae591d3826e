"""Who may see which notification: a person sees only their own; managers see failures."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from notifications.models import Notification


def get_notification_for_user(user: Any, pk: int) -> Notification:
    """One of the user's own notifications; anyone else's is a 404."""
    return get_object_or_404(Notification.objects.for_recipient(user), pk=pk)


def can_see_undelivered(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_programme_manager)


def get_undelivered_for_user(user: Any, pk: int) -> Notification:
    """An undelivered message, for a programme manager only."""
    from django.core.exceptions import PermissionDenied

    if not can_see_undelivered(user):
        raise PermissionDenied
    return get_object_or_404(Notification.objects.undelivered(), pk=pk)
