"""Session lifetime and two-factor enforcement."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from accounts.roles import STAFF_ROLES

SESSION_STARTED_KEY = "portal_authenticated_at"
SESSION_RENEWED_KEY = "portal_renewed_at"
MFA_CONFIRMED_KEY = "portal_mfa_confirmed"


class SessionLifetimeMiddleware:
    """Ends a session 12 hours after login, however active it has been, and after 30 idle minutes.

    The idle limit is Django's session expiry (SESSION_COOKIE_AGE), renewed by saving the
    session; this saves it at most once every SESSION_RENEW_AFTER seconds, so a busy reader
    does not cost a database write per page, and the idle limit is kept to within a minute.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            if started is None:
                request.session[SESSION_STARTED_KEY] = time.time()
            elif time.time() - started > settings.SESSION_ABSOLUTE_LIFETIME:
                logout(request)
                messages.info(request, "Your session has ended. Log in again to carry on.")
                return redirect(f"{reverse('account_login')}?next={request.path}")
            _renew_idle_clock(request)
        return self.get_response(request)


def _renew_idle_clock(request: HttpRequest) -> None:
    now = time.time()
    if now - request.session.get(SESSION_RENEWED_KEY, 0) >= settings.SESSION_RENEW_AFTER:
        request.session[SESSION_RENEWED_KEY] = now


class MfaRequiredMiddleware:
    """Sends programme managers, advisers and admin staff to set up two-factor authentication first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_set_up_mfa(request):
            messages.warning(request, "Set up two-factor authentication before you use the portal.")
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _must_set_up_mfa(self, request: HttpRequest) -> bool:
        user = getattr(request, "user", None)
        if not settings.MFA_REQUIRED_FOR_STAFF_ROLES or user is None:
            return False
        if not user.is_authenticated or not (user.role in STAFF_ROLES or user.is_staff):
            return False
        if request.path.startswith(("/accounts/", settings.STATIC_URL, "/healthz")):
            return False
        if request.session.get(MFA_CONFIRMED_KEY):
            return False
        from allauth.mfa.models import Authenticator

        has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        if has_totp:
            request.session[MFA_CONFIRMED_KEY] = True
        return not has_totp
