"""Portal-wide views: the role-aware dashboard, health and error pages."""

from __future__ import annotations

import logging
import sys

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import area_required
from improvement_portal import discovery

logger = logging.getLogger(__name__)


@area_required("dashboard")
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    # Each app contributes cards through `<app>/dashboard.py`'s `cards(user)`.
    cards = []
    for _app, module in discovery.app_modules("dashboard"):
        cards.extend(module.cards(request.user))
    actions = [card for card in cards if card.get("action")]
    return render(
        request,
        "dashboard.html",
        {"cards": [card for card in cards if not card.get("action")], "actions": actions},
    )


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database_state(), "redis": _redis_state()}
    status = 200 if checks["database"] == "ok" else 503
    return JsonResponse(
        {"status": "ok" if status == 200 else "unavailable", **checks}, status=status
    )


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any failure to reach the database is "down", whatever the driver says
        return "down"
    return "ok"


def redis_client() -> redis.Redis:
    """The client /healthz asks Redis with: it gives up as quickly as the task service's."""
    return redis.Redis.from_url(
        settings.REDIS_URL,
        socket_connect_timeout=settings.REDIS_CONNECT_TIMEOUT,
        socket_timeout=settings.REDIS_SOCKET_TIMEOUT,
    )


def _redis_state() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    try:
        redis_client().ping()
    except redis.RedisError:
        return "down"
    return "ok"


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    """The 500 page, or a 503 when the error is that the database cannot be reached.

    Django calls this inside its exception handler, so the original error is still at hand,
    whichever layer (session, authentication, view) hit the lost connection.
    """
    error = sys.exc_info()[1]
    if isinstance(error, InterfaceError | OperationalError):
        logger.error("Database unavailable: %s", error)
        return HttpResponse(render_to_string("503.html"), status=503, headers={"Retry-After": "30"})
    return HttpResponse(render_to_string("500.html"), status=500)
