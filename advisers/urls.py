from __future__ import annotations

from django.urls import path

from advisers.views import availability, engagements, imports, profiles, support_requests

app_name = "advisers"

urlpatterns = [
    path("engagements/", engagements.engagement_list, name="engagement-list"),
    path("engagements/new/", engagements.engagement_create, name="engagement-create"),
    path("engagements/export.csv", engagements.engagement_export, name="engagement-export"),
    path("engagements/export.xlsx", engagements.engagement_export_xlsx, name="engagement-xlsx"),
    path("engagements/import/", imports.engagement_upload, name="engagement-import"),
    path(
        "engagements/import/<int:pk>/",
        imports.engagement_upload_detail,
        name="engagement-import-detail",
    ),
    path(
        "engagements/import/<int:pk>/status/",
        imports.engagement_upload_status,
        name="engagement-import-status",
    ),
    path(
        "engagements/import/<int:pk>/confirm/",
        imports.engagement_upload_confirm,
        name="engagement-import-confirm",
    ),
    path("engagements/<int:pk>/", engagements.engagement_detail, name="engagement-detail"),
    path("engagements/<int:pk>/edit/", engagements.engagement_edit, name="engagement-edit"),
    path("availability/", availability.availability, name="availability"),
    path("availability/search/", availability.availability_search, name="availability-search"),
    path("availability/<int:pk>/edit/", availability.availability_edit, name="availability-edit"),
    path(
        "availability/<int:pk>/delete/",
        availability.availability_delete,
        name="availability-delete",
    ),
    path("advisers/", profiles.adviser_list, name="adviser-list"),
    path("advisers/<int:pk>/", profiles.adviser_detail, name="adviser-detail"),
    path("advisers/<int:pk>/edit/", profiles.adviser_edit, name="adviser-edit"),
    path(
        "advisers/<int:pk>/accreditations/new/",
        profiles.accreditation_create,
        name="accreditation-create",
    ),
    path("profile/", profiles.profile, name="profile"),
    path("accreditations/", profiles.accreditation_list, name="accreditation-list"),
    path(
        "accreditations/expiring/",
        profiles.accreditation_expiring,
        name="accreditation-expiring",
    ),
    path("support-requests/", support_requests.support_request_list, name="support-request-list"),
    path(
        "support-requests/new/",
        support_requests.support_request_create,
        name="support-request-create",
    ),
    path(
        "support-requests/<int:pk>/",
        support_requests.support_request_detail,
        name="support-request-detail",
    ),
    path(
        "support-requests/<int:pk>/status/",
        support_requests.support_request_status,
        name="support-request-status",
    ),
]
