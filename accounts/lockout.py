"""How django-axes finds the username of a login attempt, for allauth's form and the admin's."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def get_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    credentials = credentials or {}
    value = (
        credentials.get("email")
        or credentials.get("username")
        or request.POST.get("login")
        or request.POST.get("username")
        or ""
    )
    return str(value).strip().lower()
