from __future__ import annotations

from django.urls import path

from accounts import people_views as views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("invite/", views.person_invite, name="invite"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/deactivate/", views.person_deactivate, name="deactivate"),
    path("<int:pk>/reactivate/", views.person_reactivate, name="reactivate"),
    path("<int:pk>/invitation/", views.person_resend, name="resend"),
]
