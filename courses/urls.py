from __future__ import annotations

from django.urls import path

from courses.views import booking, catalogue, registers

app_name = "courses"

urlpatterns = [
    # Sessions: what councillors browse and book.
    path("courses/", catalogue.session_list, name="list"),
    path("courses/<int:pk>/", catalogue.session_detail, name="session-detail"),
    path("courses/<int:pk>/edit/", catalogue.session_edit, name="session-edit"),
    path("courses/<int:pk>/cancel/", catalogue.session_cancel, name="session-cancel"),
    path("courses/<int:pk>/feedback/", registers.session_feedback, name="session-feedback"),
    # The booking flow, one question a page.
    path("courses/<int:pk>/book/", booking.book_start, name="book"),
    path("courses/<int:pk>/book/person/", booking.book_person, name="book-person"),
    path("courses/<int:pk>/book/access/", booking.book_access, name="book-access"),
    path("courses/<int:pk>/book/dietary/", booking.book_dietary, name="book-dietary"),
    path("courses/<int:pk>/book/check/", booking.book_check, name="book-check"),
    # The catalogue of courses.
    path("courses/catalogue/", catalogue.course_list, name="course-list"),
    path("courses/catalogue/new/", catalogue.course_create, name="course-create"),
    path("courses/catalogue/<int:pk>/", catalogue.course_detail, name="course-detail"),
    path("courses/catalogue/<int:pk>/edit/", catalogue.course_edit, name="course-edit"),
    path(
        "courses/catalogue/<int:course_pk>/sessions/new/",
        catalogue.session_create,
        name="session-create",
    ),
    # Bookings: a councillor's own, and programme managers' registers.
    path("bookings/", booking.bookings, name="bookings"),
    path("bookings/<int:pk>/", booking.booking_detail, name="booking-detail"),
    path(
        "bookings/<int:pk>/confirmation/",
        booking.booking_confirmation,
        name="booking-confirmation",
    ),
    path("bookings/<int:pk>/calendar.ics", booking.booking_calendar, name="booking-calendar"),
    path("bookings/<int:pk>/cancel/", booking.booking_cancel, name="booking-cancel"),
    path("bookings/<int:pk>/feedback/", booking.feedback_give, name="feedback"),
    path("bookings/<int:pk>/attendance/", registers.mark_attendance, name="mark-attendance"),
    path("bookings/sessions/<int:pk>/", registers.register, name="register"),
    path(
        "bookings/sessions/<int:pk>/message/",
        registers.message_session,
        name="message-session",
    ),
    path(
        "bookings/sessions/<int:pk>/attendance/",
        registers.mark_register,
        name="mark-register",
    ),
    path(
        "bookings/sessions/<int:pk>/attendees.csv",
        registers.register_export,
        name="register-export",
    ),
]
