"""Booking a place, one question a page, then "My bookings", cancelling and feedback."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from accounts.permissions import area_required
from courses import forms, permissions, services
from courses.models import Booking, CourseSession, Feedback
from courses.views.common import paginate
from improvement_portal import idempotency
from improvement_portal.forms import SubmissionForm
from improvement_portal.history import record_history
from improvement_portal.questions import QuestionPages

# The answers so far live in the user's session until "Confirm" is pressed.
STATE_KEY = "courses:booking:{}"
QUESTIONS: dict[str, dict[str, Any]] = {
    "access": {
        "form": forms.AccessRequirementsForm,
        "field": "access_requirements",
        "title": "Do you have any access requirements?",
        "title_other": "Does {person} have any access requirements?",
        "next": "courses:book-dietary",
    },
    "dietary": {
        "form": forms.DietaryRequirementsForm,
        "field": "dietary_requirements",
        "title": "Do you have any dietary needs?",
        "title_other": "Does {person} have any dietary needs?",
        "next": "courses:book-check",
    },
}


def _pages(request: AuthenticatedHttpRequest, session: CourseSession) -> QuestionPages:
    return QuestionPages(request, STATE_KEY.format(session.pk))


def _existing_booking(session: CourseSession, person_id: int) -> Booking | None:
    return Booking.objects.active().filter(session=session, person_id=person_id).first()


def _booking_problem_redirect(
    request: AuthenticatedHttpRequest, session: CourseSession
) -> HttpResponse | None:
    problem = session.booking_problem()
    if problem:
        messages.error(request, problem)
        return redirect(session)
    return None


@area_required("courses")
def book_start(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = permissions.get_bookable_session_for_user(request.user, pk)
    if closed := _booking_problem_redirect(request, session):
        return closed
    _pages(request, session).clear()
    if permissions.can_book_for_others(request.user):
        return redirect("courses:book-person", pk=session.pk)
    existing = _existing_booking(session, request.user.pk)
    if existing is not None:
        messages.info(request, "You already have a booking on this session.")
        return redirect(existing)
    _pages(request, session).save({"person": request.user.pk})
    return redirect("courses:book-access", pk=session.pk)


@area_required("course_admin")
def book_person(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = permissions.get_bookable_session_for_user(request.user, pk)
    form = forms.BookingPersonForm(
        request.POST if request.method == "POST" else None, course=session.course
    )
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["email"]
        if _existing_booking(session, person.pk) is not None:
            form.add_error("email", f"{person} already has a booking on this session")
        else:
            _pages(request, session).save({"person": person.pk})
            return redirect(_next_url(request, session, "courses:book-access"))
    return render(request, "courses/booking_person.html", {"session": session, "form": form})


def _next_url(request: AuthenticatedHttpRequest, session: CourseSession, default: str) -> str:
    return _pages(request, session).after(
        reverse(default, args=[session.pk]), reverse("courses:book-check", args=[session.pk])
    )


def _question(request: AuthenticatedHttpRequest, pk: int, name: str) -> HttpResponse:
    session = permissions.get_bookable_session_for_user(request.user, pk)
    state = _pages(request, session).answers
    if "person" not in state:
        return redirect("courses:book", pk=session.pk)
    question = QUESTIONS[name]
    initial = {question["field"]: state.get(question["field"], "")}
    form = question["form"](request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        _pages(request, session).save(form.cleaned_data)
        return redirect(_next_url(request, session, question["next"]))
    person = User.objects.get(pk=state["person"])
    title = question["title"]
    if person.pk != request.user.pk:
        title = question["title_other"].format(person=person)
    return render(
        request,
        "courses/booking_question.html",
        {
            "session": session,
            "form": form,
            "field": form[question["field"]],
            "title": title,
            "back_url": _back_url(request, session, name),
        },
    )


def _back_url(request: AuthenticatedHttpRequest, session: CourseSession, name: str) -> str:
    if _pages(request, session).changing:
        return reverse("courses:book-check", args=[session.pk])
    if name == "dietary":
        return reverse("courses:book-access", args=[session.pk])
    if permissions.can_book_for_others(request.user):
        return reverse("courses:book-person", args=[session.pk])
    return session.get_absolute_url()


@area_required("courses")
def book_access(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _question(request, pk, "access")


@area_required("courses")
def book_dietary(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _question(request, pk, "dietary")


@area_required("courses")
def book_check(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = permissions.get_bookable_session_for_user(request.user, pk)
    state = _pages(request, session).answers
    if sent := idempotency.sent_before(request, Booking, booked_by_id=request.user.pk):
        # The same "Confirm" sent again (a double click, a resend) lands on what it made.
        return redirect("courses:booking-confirmation", pk=sent.pk)
    if "person" not in state:
        existing = _existing_booking(session, request.user.pk)
        return redirect(existing.get_absolute_url() if existing else session.get_absolute_url())
    person = User.objects.get(pk=state["person"])
    if request.method == "POST":
        return _confirm(request, session, person, state)
    counts = CourseSession.objects.filter(pk=session.pk).with_counts().get()
    return render(
        request,
        "courses/booking_check.html",
        {
            "session": session,
            "person": person,
            "for_someone_else": person.pk != request.user.pk,
            "answers": state,
            "is_full": counts.places_taken >= session.capacity,
            "waiting": counts.waiting,
            "submission": SubmissionForm(),
        },
    )


def _confirm(
    request: AuthenticatedHttpRequest, session: CourseSession, person: User, state: dict
) -> HttpResponse:
    try:
        booking = services.book_place(
            session=session,
            person=person,
            actor=request.user,
            access_requirements=state.get("access_requirements", ""),
            dietary_requirements=state.get("dietary_requirements", ""),
            submission_key=idempotency.posted_key(request),
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(session)
    _pages(request, session).clear()
    return redirect("courses:booking-confirmation", pk=booking.pk)


@area_required("courses")
def booking_confirmation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    booking = _booking_with_position(request.user, pk)
    return render(
        request,
        "courses/booking_confirmation.html",
        {"booking": booking, "for_self": booking.person_id == request.user.pk},
    )


@area_required("courses")
def booking_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    booking = _booking_with_position(request.user, pk)
    return render(
        request,
        "courses/booking_detail.html",
        {
            "booking": booking,
            "can_cancel": permissions.can_cancel_booking(request.user, booking),
            "can_give_feedback": permissions.can_give_feedback(request.user, booking),
            "is_own": booking.person_id == request.user.pk,
            "history": (
                record_history(booking) if permissions.can_manage_courses(request.user) else None
            ),
        },
    )


def _booking_with_position(user: User, pk: int) -> Booking:
    booking = (
        Booking.objects.visible_to(user)
        .with_waiting_position()
        .select_related("session__course", "person__council", "booked_by")
        .filter(pk=pk)
        .first()
    )
    if booking is None:
        raise Http404
    return booking


@area_required("courses")
def booking_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    booking = permissions.get_booking_for_user(request.user, pk)
    if booking.status == Booking.Status.CANCELLED:
        # A second press of "Yes, cancel" after the first went through.
        messages.info(request, "This booking is cancelled.")
        return redirect(booking)
    if not permissions.can_cancel_booking(request.user, booking):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.cancel_booking(booking=booking, actor=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(booking)
        messages.success(request, _cancelled_message(request.user, booking))
        if booking.person_id == request.user.pk:
            return redirect("courses:bookings")
        return redirect("courses:register", pk=booking.session_id)
    return render(request, "courses/booking_cancel.html", {"booking": booking})


def _cancelled_message(user: User, booking: Booking) -> str:
    whose = "Your" if booking.person_id == user.pk else f"{booking.person}’s"
    return f"{whose} booking on {booking.session} has been cancelled."


@area_required("bookings")
def bookings(request: AuthenticatedHttpRequest) -> HttpResponse:
    if permissions.can_manage_courses(request.user):
        from courses.views.registers import register_list

        return register_list(request)
    own = (
        Booking.objects.filter(person=request.user)
        .with_waiting_position()
        .select_related("session__course")
        .annotate(has_feedback=Exists(Feedback.objects.filter(booking=OuterRef("pk"))))
    )
    now = timezone.now()
    upcoming = own.filter(session__ends_at__gte=now).exclude(status=Booking.Status.CANCELLED)
    past = own.exclude(pk__in=upcoming.values("pk")).order_by("-session__starts_at", "-pk")
    return render(
        request,
        "courses/booking_list.html",
        {"upcoming": upcoming, **paginate(request, past, per_page=10), "now": now},
    )


@area_required("courses")
def feedback_give(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    booking = permissions.get_booking_for_user(request.user, pk)
    if booking.person_id != request.user.pk:
        raise PermissionDenied
    if idempotency.sent_before(request, Feedback, booking_id=booking.pk):
        messages.success(request, "Thank you for your feedback.")
        return redirect("courses:bookings")
    if not permissions.can_give_feedback(request.user, booking):
        messages.info(request, "Feedback can be given once, after you have attended the session.")
        return redirect("courses:bookings")
    form = forms.FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.give_feedback(booking=booking, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, "Thank you for your feedback.")
        return redirect("courses:bookings")
    return render(request, "courses/feedback_form.html", {"booking": booking, "form": form})


@area_required("courses")
def booking_calendar(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Add to calendar: the booking's session as an .ics file, in the booking's state."""
    from courses import ics
    from notifications import calendars
    from notifications import services as notifications

    booking = permissions.get_booking_for_user(request.user, pk)
    return calendars.ics_response(
        ics.booking_ics(booking, portal_url=notifications.portal_url()),
        f"course-booking-{booking.pk}.ics",
    )
