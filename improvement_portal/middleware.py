"""Cross-cutting middleware."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """Answers 503 with a plain page when the database cannot be reached, never a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OperationalError | InterfaceError) and _is_connection_error(
            exception
        ):
            logger.error("Database unavailable: %s", exception)
            body = render_to_string("503.html")
            return HttpResponse(body, status=503, headers={"Retry-After": "30"})
        return None


def _is_connection_error(exception: DatabaseError) -> bool:
    if isinstance(exception, InterfaceError):
        return True
    text = str(exception).lower()
    return any(
        phrase in text
        for phrase in ("connect", "connection", "server closed", "terminating", "timeout")
    )
