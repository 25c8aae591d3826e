"""Admin for peer challenges. The status moves only through the workflow, so it is read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from peer_challenges.models import PeerChallenge, StatusChange, TeamMember


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    raw_id_fields = ["adviser", "added_by"]
    readonly_fields = ["confirmed_at"]


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "changed_by", "changed_at", "note"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PeerChallenge)
class PeerChallengeAdmin(admin.ModelAdmin):
    list_display = ["council", "status", "requested_on", "on_site_starts_on", "letter_status"]
    list_filter = ["status", "council__region"]
    search_fields = ["council__name", "council__gss_code"]
    raw_id_fields = ["council", "requested_by"]
    readonly_fields = [
        "status",
        "letter_status",
        "letter_revision",
        "letter_pdf",
        "letter_error",
        "letter_requested_at",
        "letter_written_at",
        "letter_sent_at",
    ]
    inlines = [TeamMemberInline, StatusChangeInline]
