from django.contrib import admin

from councils.models import Council, OfstedInspection, Region


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
