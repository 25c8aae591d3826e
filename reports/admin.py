from django.contrib import admin

from reports.models import EvaluationReport


@admin.register(EvaluationReport)
class EvaluationReportAdmin(admin.ModelAdmin):
    """Read-only: reports are requested and prepared through the portal, never edited."""

    list_display = [
        "pk",
        "start",
        "end",
        "region",
        "status",
        "progress",
        "requested_by",
        "created_at",
    ]
    list_filter = ["status", "region"]
    list_select_related = ["region", "requested_by"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
