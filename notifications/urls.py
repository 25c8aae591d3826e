from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/", views.notification_detail, name="detail"),
    path("<int:pk>/read/", views.notification_read, name="read"),
    path("read-all/", views.notification_read_all, name="read-all"),
    path("settings/", views.notification_settings, name="settings"),
    path("settings/calendar/", views.calendar_create, name="calendar-create"),
    path("settings/calendar/stop/", views.calendar_revoke, name="calendar-revoke"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("undelivered/", views.undelivered_list, name="undelivered"),
    path("undelivered/<int:pk>/try-again/", views.undelivered_try_again, name="try-again"),
]
