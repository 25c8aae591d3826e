from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from resources import services
from resources.models import Resource, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]

    def save_model(self, request: HttpRequest, obj: Topic, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        # A renamed topic changes what its resources are found by.
        services.update_search_vectors(resource_ids=obj.resources.values_list("pk", flat=True))


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    """Read-only: resources are added and changed in the portal, where uploads are checked."""

    list_display = ["title", "kind", "status", "published_on", "download_count"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Resource | None = None) -> bool:
        return False
