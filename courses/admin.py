"""Django admin for courses (staff only). Bookings change through the portal's services."""

from __future__ import annotations

from django.contrib import admin

from courses.models import Booking, Course, CourseSession, Feedback


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "accreditation_kind", "is_published"]
    list_filter = ["kind", "is_published"]
    search_fields = ["title"]


@admin.register(CourseSession)
class CourseSessionAdmin(admin.ModelAdmin):
    list_display = ["course", "starts_at", "venue", "is_online", "capacity", "status"]
    list_filter = ["status", "is_online", "course"]
    date_hierarchy = "starts_at"
    list_select_related = ["course"]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    """Read-only: places and the waiting list are decided by courses.services under a lock."""

    list_display = ["person", "session", "status", "waitlisted_at", "reminder_sent_at"]
    list_filter = ["status"]
    search_fields = ["person__email", "person__full_name"]
    list_select_related = ["person", "session__course"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["booking", "content_rating", "facilitators_rating", "usefulness_rating"]
    list_select_related = ["booking__person", "booking__session__course"]
