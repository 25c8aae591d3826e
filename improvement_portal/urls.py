from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from accounts import people_views
from improvement_portal import views

handler403 = "improvement_portal.views.error_403"
handler404 = "improvement_portal.views.error_404"
handler500 = "improvement_portal.views.error_500"

# The admin has no login of its own: people log in through the portal's (password, then the
# second factor), and only then reach the admin if they are staff.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]  # deliberately replaces this site's login view

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("councils/", include("councils.urls")),
    path("", include("advisers.urls")),
    path("peer-challenges/", include("peer_challenges.urls")),
    path("", include("courses.urls")),
    path("mentoring/", include("mentoring.urls")),
    path("resources/", include("resources.urls")),
    path("reports/", include("reports.urls")),
    path("notifications/", include("notifications.urls")),
    path("people/", include("accounts.people_urls")),
    path("more/", people_views.more, name="more"),
    path("admin/", admin.site.urls),
]
