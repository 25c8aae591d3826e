"""Who may see and manage resources."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.permissions import can_use_area
from accounts.roles import Role
from resources.models import Audience, Resource

# The audiences whose resources a role is shown first (dashboard, "for you").
ROLE_AUDIENCES: dict[str, list[str]] = {
    Role.COUNCILLOR: [Audience.PORTFOLIO_HOLDERS, Audience.COUNCILLORS],
    Role.PRINCIPAL_ADVISER: [Audience.ADVISERS, Audience.OFFICERS],
    Role.IMPROVEMENT_ADVISER: [Audience.ADVISERS, Audience.OFFICERS],
    Role.ASSOCIATE: [Audience.ADVISERS],
}


def can_manage_resources(user: Any) -> bool:
    return can_use_area(user, "resource_admin")


def audiences_for(user: Any) -> list[str] | None:
    """The audiences a user belongs to; None means every audience (programme managers)."""
    if getattr(user, "is_programme_manager", False):
        return None
    return ROLE_AUDIENCES.get(getattr(user, "role", ""), [])


def get_resource_for_user(user: Any, slug: str) -> Resource:
    """The resource if the user may read it; 404 otherwise (drafts are hidden, not forbidden)."""
    return get_object_or_404(Resource.objects.visible_to(user), slug=slug)


def get_resource_for_edit(user: Any, slug: str) -> Resource:
    """The resource for a programme manager to edit; 404 when there is no such resource."""
    if not can_manage_resources(user):
        raise PermissionDenied
    return get_object_or_404(Resource, slug=slug)
