from django.urls import path

from councils import views

app_name = "councils"

urlpatterns = [
    path("", views.council_list, name="list"),
    path("regions/", views.region_summary, name="regions"),
    path("inspections.csv", views.inspection_export, name="inspection-export"),
    path("import/", views.ofsted_upload, name="import"),
    path("import/<int:pk>/", views.ofsted_upload_detail, name="import-detail"),
    path("import/<int:pk>/status/", views.ofsted_upload_status, name="import-status"),
    path("import/<int:pk>/confirm/", views.ofsted_upload_confirm, name="import-confirm"),
    path("<str:gss_code>/", views.council_detail, name="detail"),
]
