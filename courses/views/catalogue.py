"""The course catalogue and sessions: reading them, and programme managers changing them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from accounts.permissions import area_required
from courses import forms, permissions, services
from courses.filters import SessionFilter
from courses.models import Booking, Course, CourseSession, Feedback
from courses.views.common import paginate

RECENT_COMMENTS = 20
RECENT_SESSIONS = 12


@area_required("courses")
def session_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    sessions = (
        CourseSession.objects.visible_to(request.user)
        .upcoming()
        .exclude(status=CourseSession.Status.CANCELLED)
        .select_related("course")
        .with_counts()
        .chronological()
    )
    filterset = SessionFilter(request.GET, queryset=sessions, user=request.user)
    context = paginate(request, filterset.qs)
    _attach_own_bookings(request.user, context["page"].object_list)
    return render(
        request,
        "courses/session_list.html",
        {
            **context,
            "filter": filterset,
            "can_manage": permissions.can_manage_courses(request.user),
        },
    )


def _attach_own_bookings(user: User, sessions: list[CourseSession]) -> None:
    """Sets ``own_booking`` (the user's active booking there, or None) and ``can_book``."""
    own = {
        booking.session_id: booking
        for booking in Booking.objects.active()
        .with_waiting_position()
        .filter(person=user, session__in=[session.pk for session in sessions])
    }
    for session in sessions:
        session.own_booking = own.get(session.pk)
        session.can_book = permissions.can_book_session(user, session)


@area_required("courses")
def session_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = permissions.get_session_for_user(request.user, pk, counted=True)
    # A person has at most one active booking on a session (a unique constraint), so no
    # order is needed: the bookings' own order would join the sessions to sort one row.
    own = (
        Booking.objects.active()
        .with_waiting_position()
        .filter(session=session, person=request.user)
        .order_by()
        .first()
    )
    return render(
        request,
        "courses/session_detail.html",
        {
            "session": session,
            "places_left": session.places_left,
            "waiting": session.waiting,
            "own_booking": own,
            "booking_problem": session.booking_problem(),
            "can_book": permissions.can_book_session(request.user, session) and own is None,
            "can_manage": permissions.can_manage_courses(request.user),
        },
    )


@area_required("courses")
def course_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    courses = Course.objects.visible_to(request.user)
    return render(
        request,
        "courses/course_list.html",
        {"courses": courses, "can_manage": permissions.can_manage_courses(request.user)},
    )


@area_required("courses")
def course_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    course = permissions.get_course_for_user(request.user, pk)
    sessions = (
        CourseSession.objects.visible_to(request.user)
        .filter(course=course, starts_at__gte=timezone.now())
        .with_counts()
        .chronological()
    )
    feedback = Feedback.objects.filter(booking__session__course=course)
    can_manage = permissions.can_manage_courses(request.user)
    context = {
        "course": course,
        "sessions": sessions,
        "summary": feedback.summary(),
        "can_manage": can_manage,
    }
    if can_manage:
        context["comments"] = (
            feedback.exclude(comments="")
            .select_related("booking__session")
            .order_by("-booking__session__starts_at", "-pk")[:RECENT_COMMENTS]
        )
        context["past_sessions"] = CourseSession.objects.filter(
            course=course, starts_at__lt=timezone.now()
        ).with_feedback_figures()[:RECENT_SESSIONS]
    return render(request, "courses/course_detail.html", context)


@area_required("course_admin")
def course_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.CourseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        course = services.create_course(actor=request.user, **form.cleaned_data)
        messages.success(request, f"{course.title} added. Now add its sessions.")
        return redirect(course)
    return render(request, "courses/course_form.html", {"form": form})


@area_required("course_admin")
def course_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    course = permissions.get_course_for_user(request.user, pk, edit=True)
    form = forms.CourseForm(request.POST if request.method == "POST" else None, instance=course)
    if request.method == "POST" and form.is_valid():
        services.update_course(course=course, actor=request.user, **form.cleaned_data)
        messages.success(request, "Course details saved.")
        return redirect(course)
    return render(request, "courses/course_form.html", {"form": form, "course": course})


@area_required("course_admin")
def session_create(request: AuthenticatedHttpRequest, course_pk: int) -> HttpResponse:
    course = permissions.get_course_for_user(request.user, course_pk, edit=True)
    form = forms.NewSessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.create_session(
                course=course, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Session added.")
            return redirect(session)
    return render(request, "courses/session_form.html", {"form": form, "course": course})


@area_required("course_admin")
def session_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = permissions.get_session_for_user(request.user, pk, edit=True)
    if session.is_cancelled:
        messages.error(request, "This session has been cancelled, so it cannot be changed.")
        return redirect(session)
    initial = model_to_dict(session, fields=list(forms.SessionForm.base_fields))
    form = forms.SessionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_session(session=session, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Session details saved.")
            return redirect(session)
    context = {"form": form, "course": session.course, "session": session}
    return render(request, "courses/session_form.html", context)


def _add_errors(form: forms.GovukForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@area_required("course_admin")
def session_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = permissions.get_session_for_user(request.user, pk, edit=True)
    if request.method == "POST":
        try:
            services.cancel_session(session=session, actor=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, "Session cancelled. Everyone booked has been emailed.")
        return redirect(session)
    people = session.bookings.filter(
        status__in=(Booking.Status.CONFIRMED, Booking.Status.WAITLISTED)
    ).count()
    return render(request, "courses/session_cancel.html", {"session": session, "people": people})
