from __future__ import annotations

from django.contrib import admin

from advisers.models import (
    Accreditation,
    Adviser,
    Availability,
    Engagement,
    SupportRequest,
    SupportRequestEvent,
)


class AccreditationInline(admin.TabularInline):
    model = Accreditation
    extra = 0


class AvailabilityInline(admin.TabularInline):
    model = Availability
    extra = 0


@admin.register(Adviser)
class AdviserAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "region", "home_council", "is_active"]
    list_filter = ["kind", "region", "is_active"]
    search_fields = ["user__full_name", "user__email"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["councils"]
    inlines = [AccreditationInline, AvailabilityInline]


@admin.register(Engagement)
class EngagementAdmin(admin.ModelAdmin):
    list_display = ["date", "council", "adviser", "strand", "activity", "days", "funding"]
    list_filter = ["strand", "activity", "funding", "commissioned_by_dfe"]
    search_fields = ["council__name", "adviser__user__full_name", "summary"]
    date_hierarchy = "date"
    list_select_related = ["council", "adviser__user"]
    raw_id_fields = ["council", "adviser", "created_by"]


class SupportRequestEventInline(admin.TabularInline):
    model = SupportRequestEvent
    extra = 0
    readonly_fields = ["from_status", "to_status", "changed_by", "note", "created_at"]


@admin.register(SupportRequest)
class SupportRequestAdmin(admin.ModelAdmin):
    list_display = ["created_at", "council", "kind", "status", "routed_to", "assigned_to"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["council", "requested_by", "routed_to", "assigned_to"]
    inlines = [SupportRequestEventInline]
