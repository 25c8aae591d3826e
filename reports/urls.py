from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/progress/", views.report_progress, name="progress"),
    path("<int:pk>/evaluation.pdf", views.report_pdf, name="pdf"),
    path("<int:pk>/tables.xlsx", views.report_xlsx, name="xlsx"),
    path("<int:pk>/tables/<slug:table>.csv", views.report_csv, name="csv"),
]
