from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from mentoring.models import (
    GroupOffice,
    Match,
    Mentor,
    MentoringFeedback,
    MentoringRequest,
    MentoringSession,
)


@admin.register(GroupOffice)
class GroupOfficeAdmin(admin.ModelAdmin):
    """Where the programme keeps each political group office's contact up to date."""

    list_display = ["name", "political_group", "contact_name", "contact_email"]


@admin.register(Mentor)
class MentorAdmin(admin.ModelAdmin):
    list_display = ["user", "council", "political_group", "capacity", "is_active"]
    list_filter = ["political_group", "is_active", "region"]
    search_fields = ["user__full_name", "user__email", "council__name"]
    raw_id_fields = ["user"]


@admin.register(MentoringRequest)
class MentoringRequestAdmin(admin.ModelAdmin):
    list_display = ["mentee", "council", "kind", "status", "requested_on"]
    list_filter = ["kind", "status", "performance_concern"]
    search_fields = ["mentee__full_name", "council__name"]
    raw_id_fields = ["mentee", "requested_by"]


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    """Read-only: matches move only through the services, so the transition rules hold."""

    list_display = ["mentor", "request", "status", "score", "proposed_on"]
    list_filter = ["status"]

    def has_change_permission(self, request: HttpRequest, obj: Match | None = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(MentoringSession)
class MentoringSessionAdmin(admin.ModelAdmin):
    """Private notes stay out of the admin: only the pair and programme managers read them."""

    list_display = ["match", "held_on", "duration_minutes"]
    exclude = ["private_notes"]
    raw_id_fields = ["match", "logged_by"]


admin.site.register(MentoringFeedback)
