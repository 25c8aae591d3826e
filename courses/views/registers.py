"""Programme managers' attendance registers, attendee exports and feedback per session."""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import area_required
from courses import permissions, services
from courses.filters import RegisterFilter
from courses.forms import SessionMessageForm
from courses.models import Booking, CourseSession, Feedback
from courses.views.common import paginate
from improvement_portal import downloads

STATUS_ORDER = Case(
    When(status__in=("confirmed", "attended", "no_show"), then=Value(0)),
    When(status="waitlisted", then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


@area_required("course_admin")
def register_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    sessions = (
        CourseSession.objects.visible_to(request.user)
        .select_related("course")
        .with_counts()
        .with_unmarked()
        .chronological()
    )
    filterset = RegisterFilter(request.GET, queryset=sessions, user=request.user)
    return render(
        request,
        "courses/register_list.html",
        {"filter": filterset, **paginate(request, filterset.qs)},
    )


def _register_bookings(session: CourseSession) -> list[Booking]:
    return list(
        session.bookings.with_waiting_position()
        .select_related("person__council")
        .annotate(status_order=STATUS_ORDER)
        .order_by("status_order", "waitlisted_at", "person__full_name", "pk")
    )


@area_required("course_admin")
def register(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = permissions.get_session_for_user(request.user, pk, edit=True)
    bookings = _register_bookings(session)
    holding = [booking for booking in bookings if booking.holds_place]
    return render(
        request,
        "courses/register.html",
        {
            "session": session,
            "holding": holding,
            "waiting": [booking for booking in bookings if booking.status == "waitlisted"],
            "cancelled": [booking for booking in bookings if booking.status == "cancelled"],
            "can_mark": session.has_started(),
            "attended": sum(booking.status == "attended" for booking in holding),
        },
    )


@area_required("course_admin")
def register_export(request: AuthenticatedHttpRequest, pk: int) -> StreamingHttpResponse:
    session = permissions.get_session_for_user(request.user, pk, edit=True)
    local = timezone.localtime(session.starts_at)
    return downloads.csv_response(
        _register_rows(_register_bookings(session)),
        filename=f"attendees-{local:%Y-%m-%d}-{pk}.csv",
    )


def _register_rows(bookings: list[Booking]) -> Iterator[list[str]]:
    yield [
        "Name",
        "Email",
        "Council",
        "Status",
        "Access requirements",
        "Dietary needs",
        "Booked on",
    ]
    for booking in bookings:
        if not booking.holds_place:
            continue
        council = booking.person.council.name if booking.person.council else ""
        yield [
            downloads.guard_cell(value)
            for value in [
                booking.person.full_name,
                booking.person.email,
                council,
                booking.get_status_display(),
                booking.access_requirements,
                booking.dietary_requirements,
                f"{timezone.localtime(booking.created_at):%Y-%m-%d}",
            ]
        ]


@require_POST
@area_required("course_admin")
def mark_attendance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    booking = permissions.get_booking_for_user(request.user, pk)
    attended = request.POST.get("attended")
    if attended not in ("yes", "no"):
        messages.error(request, "Select whether the person attended")
        return redirect("courses:register", pk=booking.session_id)
    try:
        booking = services.mark_attendance(
            booking=booking, attended=attended == "yes", actor=request.user
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"{booking.person}: {booking.get_status_display().lower()}.")
    return redirect("courses:register", pk=booking.session_id)


@require_POST
@area_required("course_admin")
def mark_register(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = permissions.get_session_for_user(request.user, pk, edit=True)
    if not session.has_started():
        raise PermissionDenied
    attended = {int(value) for value in request.POST.getlist("attended") if value.isdigit()}
    counts = services.mark_register(session=session, attended_ids=attended, actor=request.user)
    messages.success(
        request,
        f"Register saved: {counts['attended']} attended, {counts['no_show']} did not attend.",
    )
    return redirect("courses:register", pk=session.pk)


@area_required("course_admin")
def message_session(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = permissions.get_session_for_user(request.user, pk, edit=True)
    form = SessionMessageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        sent = services.message_session(session=session, actor=request.user, **form.cleaned_data)
        messages.success(request, f"Message sent to {sent} {'person' if sent == 1 else 'people'}.")
        return redirect("courses:register", pk=session.pk)
    people = session.bookings.filter(status__in=("confirmed", "waitlisted")).count()
    return render(
        request,
        "courses/session_message.html",
        {"session": session, "form": form, "people": people},
    )


@area_required("course_admin")
def session_feedback(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = permissions.get_session_for_user(request.user, pk, edit=True)
    feedback = Feedback.objects.filter(booking__session=session)
    return render(
        request,
        "courses/session_feedback.html",
        {
            "session": session,
            "summary": feedback.summary(),
            "attended": session.bookings.filter(status=Booking.Status.ATTENDED).count(),
            "comments": feedback.exclude(comments="")
            .select_related("booking__session")
            .order_by("-pk"),
        },
    )
