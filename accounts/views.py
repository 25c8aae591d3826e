"""allauth's second-factor pages, with a lock-out page once too many codes were wrong."""

from __future__ import annotations

from allauth.mfa.base import views as mfa_views
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def _lockout(request: HttpRequest) -> HttpResponse:
    return render(request, "account/mfa_lockout.html", status=429)


class AuthenticateView(mfa_views.AuthenticateView):
    def form_invalid(self, form: Form) -> HttpResponse:
        if getattr(form, "locked_out", False):
            return _lockout(self.request)
        return super().form_invalid(form)


class ReauthenticateView(mfa_views.ReauthenticateView):
    def form_invalid(self, form: Form) -> HttpResponse:
        if getattr(form, "locked_out", False):
            return _lockout(self.request)
        return super().form_invalid(form)


authenticate = AuthenticateView.as_view()
reauthenticate = ReauthenticateView.as_view()
