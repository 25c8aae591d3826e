from django.contrib import admin

from councils.models import Council, CouncilContact, OfstedInspection, OfstedUpload, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "gss_code", "la_number", "kind", "region", "active_from", "active_to"]
    list_filter = ["region", "kind"]
    search_fields = ["name", "gss_code", "la_number"]


@admin.register(OfstedInspection)
class OfstedInspectionAdmin(admin.ModelAdmin):
    list_display = ["council", "kind", "published_on", "overall_effectiveness", "leadership"]
    list_filter = ["framework", "kind"]
    search_fields = ["council__name"]
    autocomplete_fields = ["council"]


@admin.register(OfstedUpload)
class OfstedUploadAdmin(admin.ModelAdmin):
    """Uploads are changed only through the import pages, which check them first."""

    list_display = ["file_name", "status", "uploaded_by", "created_at", "imported_at"]
    list_filter = ["status"]
    readonly_fields = [field.name for field in OfstedUpload._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(CouncilContact)
class CouncilContactAdmin(admin.ModelAdmin):
    list_display = ["name", "job_title", "email", "council"]
    search_fields = ["name", "email", "council__name"]
    autocomplete_fields = ["council"]
