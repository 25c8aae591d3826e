"""Signal receivers: an adviser profile for every onboarded adviser, kept in step with them."""

from __future__ import annotations

from typing import Any


def create_adviser_profile(sender: Any, user: Any, **kwargs: Any) -> None:
    from advisers import services

    services.ensure_adviser_profile(user=user)


def follow_person_change(
    sender: Any, user: Any, assigned_councils: list[Any] | None = None, **kwargs: Any
) -> None:
    from advisers import services

    services.follow_person_change(user=user, assigned_councils=assigned_councils)
