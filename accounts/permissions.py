"""Who may use which area of the portal, by role (DESIGN.md, "Roles").

Object-level rules ("may this PA read this engagement") live in each app's ``permissions.py``
and build on these predicates. Views ask through ``area_required`` or ``can_use_area``; nothing
else in the portal compares roles.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from accounts.models import User
from accounts.roles import Role

PM, PA, CIA, ASSOCIATE, COUNCILLOR = (
    Role.PROGRAMME_MANAGER,
    Role.PRINCIPAL_ADVISER,
    Role.IMPROVEMENT_ADVISER,
    Role.ASSOCIATE,
    Role.COUNCILLOR,
)
ALL_ROLES = frozenset(Role)

AREA_ROLES: dict[str, frozenset[str]] = {
    "dashboard": ALL_ROLES,
    "councils": ALL_ROLES,
    "engagements": frozenset({PM, PA, CIA}),
    "engagement_export": frozenset({PM, PA, CIA}),
    "support_requests": frozenset({PM, PA, CIA}),
    "support_request_admin": frozenset({PM, PA}),
    "advisers": frozenset({PM, PA}),
    "adviser_admin": frozenset({PM}),
    "accreditations": frozenset({PM, PA, CIA, ASSOCIATE}),
    "accreditation_admin": frozenset({PM}),
    "adviser_profile": frozenset({PA, CIA, ASSOCIATE}),
    "availability": frozenset({PA, CIA, ASSOCIATE}),
    "availability_search": frozenset({PM, PA}),
    "peer_challenges": frozenset({PM, PA, CIA, ASSOCIATE, COUNCILLOR}),
    "peer_challenge_requests": frozenset({PM, PA}),
    "peer_challenge_admin": frozenset({PM, PA}),
    "courses": ALL_ROLES,
    "course_admin": frozenset({PM}),
    "bookings": frozenset({PM, PA, CIA, ASSOCIATE, COUNCILLOR}),
    "mentoring": frozenset({PM, COUNCILLOR}),
    "mentoring_admin": frozenset({PM}),
    "mentoring_councillor": frozenset({COUNCILLOR}),
    "resources": ALL_ROLES,
    "resource_admin": frozenset({PM}),
    "reports": frozenset({PM, PA}),
    "ofsted_import": frozenset({PM}),
    "notifications": ALL_ROLES,
    "notification_admin": frozenset({PM}),
    "people": frozenset({PM}),
    "engagement_import": frozenset({PM}),
}


def can_use_area(user: Any, area: str) -> bool:
    """True when the user's role may use the area at all (objects are checked separately)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.role in AREA_ROLES[area]


Request = TypeVar("Request", bound=HttpRequest)
Response = TypeVar("Response", bound=HttpResponseBase)
Arguments = ParamSpec("Arguments")


def area_required(
    area: str,
) -> Callable[
    [Callable[Concatenate[Request, Arguments], Response]],
    Callable[Concatenate[Request, Arguments], Response],
]:
    """Refuse the view with 403 unless the user's role may use the area.

    Any view fits: one returning a page, a redirect, a streamed CSV or a file.
    """
    if area not in AREA_ROLES:
        raise ValueError(f"Unknown area {area!r}")

    def decorator(
        view: Callable[Concatenate[Request, Arguments], Response],
    ) -> Callable[Concatenate[Request, Arguments], Response]:
        @wraps(view)
        def wrapped(
            request: Request, /, *args: Arguments.args, **kwargs: Arguments.kwargs
        ) -> Response:
            if not can_use_area(request.user, area):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        # Read by the URL tests, which check that every view names its area.
        setattr(wrapped, "portal_area", area)  # noqa: B010
        return wrapped

    return decorator


def get_person_for_user(user: Any, pk: int) -> Any:
    """A person a programme manager may manage: anyone registered (404 otherwise)."""
    if not can_use_area(user, "people"):
        raise Http404
    person = User.objects.select_related("region", "council").filter(pk=pk).first()
    if person is None:
        raise Http404
    return person
