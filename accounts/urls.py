"""The second-factor pages the portal serves in place of allauth's own (see accounts.views)."""

from django.urls import path

from accounts import views

urlpatterns = [
    path("2fa/authenticate/", views.authenticate, name="mfa_authenticate"),
    path("2fa/reauthenticate/", views.reauthenticate, name="mfa_reauthenticate"),
]
