"""The portal's URLs plus the benchmark's reference views, for the benchmark's server only."""

from django.urls import path

from bench import views
from improvement_portal.urls import handler403, handler404, handler500
from improvement_portal.urls import urlpatterns as portal

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]

urlpatterns = [
    path("bench/trivial", views.trivial, name="bench-trivial"),
    path("bench/floor", views.floor, name="bench-floor"),
    path("bench/export-bare.csv", views.export_bare, name="bench-export-bare"),
    *portal,
]
