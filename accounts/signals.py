"""Signals: login bookkeeping, and ``user_onboarded`` for apps that keep profiles."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import Signal, receiver

from accounts.middleware import SESSION_RENEWED_KEY, SESSION_STARTED_KEY

# Sent by accounts.services.onboard_user with ``user``; the advisers app makes adviser profiles.
user_onboarded = Signal()
# Sent by the people-management services with ``user`` and ``assigned_councils`` (None: unchanged)
# after a programme manager changes someone; the advisers app keeps the adviser profile in step.
person_changed = Signal()


@receiver(user_logged_in)
def remember_login_time(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SESSION_STARTED_KEY] = now
        request.session[SESSION_RENEWED_KEY] = now
