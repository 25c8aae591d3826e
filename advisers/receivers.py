"""Signal receivers: an adviser profile for every onboarded adviser."""

from __future__ import annotations

from typing import Any


def create_adviser_profile(sender: Any, user: Any, **kwargs: Any) -> None:
    from advisers import services

    services.ensure_adviser_profile(user=user)
