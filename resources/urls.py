from django.urls import path

from resources import views

app_name = "resources"

urlpatterns = [
    path("", views.resource_list, name="list"),
    path("new/", views.resource_create, name="create"),
    path("<slug:slug>/", views.resource_detail, name="detail"),
    path("<slug:slug>/edit/", views.resource_edit, name="edit"),
    path("<slug:slug>/download/", views.resource_download, name="download"),
]
