"""Everything that changes courses, sessions and bookings.

Places are decided under a lock on the session's row: booking, cancelling, promoting from the
waiting list and changing capacity each take that lock first, so counting the places taken and
writing the result happen for one booking at a time, in the order the requests arrived.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from courses import accreditation, emails, permissions
from courses.models import Booking, Course, CourseSession, Feedback
from improvement_portal import audit, idempotency

# The row lock that keeps capacity from being exceeded. Only the concurrency tests turn it
# off, to show that without it the same load overbooks.
LOCK_SESSION_ROWS = True
REMINDER_DAYS_BEFORE_DEFAULT = 7


def reminder_days_before() -> int:
    return int(getattr(settings, "COURSE_REMINDER_DAYS_BEFORE", REMINDER_DAYS_BEFORE_DEFAULT))


def _between_read_and_write() -> None:
    """Runs after places are counted and before the booking is written; a seam for tests."""


def _session_for_update(pk: int) -> CourseSession:
    sessions = CourseSession.objects.select_related("course")
    if LOCK_SESSION_ROWS:
        sessions = sessions.select_for_update(of=("self",))
    return sessions.get(pk=pk)


# Courses and sessions (programme managers) ----------------------------------------------


def _require_manager(actor: User) -> None:
    if not permissions.can_manage_courses(actor):
        raise PermissionDenied


@transaction.atomic
def create_course(*, actor: User, **fields: Any) -> Course:
    """Add a course to the catalogue."""
    _require_manager(actor)

    def create() -> Course:
        course = Course(**fields)
        course.full_clean()
        course.save()
        return course

    return idempotency.create_once(Course, fields.get("submission_key"), create)[0]


@transaction.atomic
def update_course(*, course: Course, actor: User, **fields: Any) -> Course:
    """Change a course's details."""
    _require_manager(actor)
    for name, value in fields.items():
        setattr(course, name, value)
    course.full_clean()
    course.save(update_fields=[*fields, "updated_at"])
    return course


@transaction.atomic
def create_session(*, course: Course, actor: User, **fields: Any) -> CourseSession:
    """Schedule a session of a course."""
    _require_manager(actor)

    def create() -> CourseSession:
        session = CourseSession(course=course, **fields)
        session.full_clean()
        session.save()
        return session

    key = fields.get("submission_key")
    return idempotency.create_once(CourseSession, key, create, course_id=course.pk)[0]


@transaction.atomic
def update_session(*, session: CourseSession, actor: User, **fields: Any) -> CourseSession:
    """Change a session; more places are offered to the waiting list straight away."""
    _require_manager(actor)
    locked = _session_for_update(session.pk)
    taken = locked.bookings.occupying().count()
    if fields.get("capacity", locked.capacity) < taken:
        raise ValidationError(
            {"capacity": f"Enter at least {taken}: {taken} places are already booked."}
        )
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save(update_fields=[*fields, "updated_at"])
    _fill_free_places(locked, actor=actor)
    return locked


@transaction.atomic
def cancel_session(*, session: CourseSession, actor: User) -> CourseSession:
    """Cancel a session and every booking on it, telling each person booked (idempotent)."""
    _require_manager(actor)
    locked = _session_for_update(session.pk)
    if locked.is_cancelled:
        return locked
    if locked.has_started():
        raise ValidationError("A session that has started cannot be cancelled.")
    locked.status = CourseSession.Status.CANCELLED
    locked.save(update_fields=["status", "updated_at"])
    now = timezone.now()
    with audit.acting(actor):
        for booking in locked.bookings.filter(
            status__in=(Booking.Status.CONFIRMED, Booking.Status.WAITLISTED)
        ):
            _set_cancelled(booking, actor=actor, now=now)
            emails.notify_booking(booking, "session_cancelled")
    return locked


# Booking and the waiting list ---------------------------------------------------------


def _check_can_book(session: CourseSession, person: User, actor: User, now: Any) -> None:
    if actor.pk != person.pk and not permissions.can_book_for_others(actor):
        raise PermissionDenied
    if not permissions.is_eligible_attendee(person, session.course):
        if session.course.is_leadership_essentials:
            raise ValidationError("Leadership Essentials places are for councillors.")
        raise ValidationError("Accredited courses are for advisers and associates.")
    problem = session.booking_problem(now)
    if problem:
        raise ValidationError(problem)


def book_place(
    *,
    session: CourseSession,
    person: User,
    actor: User,
    access_requirements: str = "",
    dietary_requirements: str = "",
    submission_key: uuid.UUID | None = None,
) -> Booking:
    """Book a place, or a place on the waiting list once the session is full (idempotent).

    A person's second attempt, or the same confirmation sent again, returns the booking the
    first made. Emails a confirmation with a calendar file after commit.
    """

    def create() -> Booking:
        return _book_place(
            session=session,
            person=person,
            actor=actor,
            access_requirements=access_requirements,
            dietary_requirements=dietary_requirements,
            submission_key=submission_key,
        )

    try:
        return idempotency.create_once(Booking, submission_key, create, booked_by_id=actor.pk)[0]
    except IntegrityError:
        # Only reachable without the session lock: a simultaneous duplicate hit the
        # one-active-booking constraint, so the other attempt's booking stands.
        return Booking.objects.active().get(session=session, person=person)


@transaction.atomic
def _book_place(
    *,
    session: CourseSession,
    person: User,
    actor: User,
    access_requirements: str,
    dietary_requirements: str,
    submission_key: uuid.UUID | None,
) -> Booking:
    locked = _session_for_update(session.pk)
    now = timezone.now()
    _check_can_book(locked, person, actor, now)
    existing = Booking.objects.active().filter(session=locked, person=person).first()
    if existing is not None:
        return existing
    is_full = locked.bookings.occupying().count() >= locked.capacity
    _between_read_and_write()
    with audit.acting(actor):
        booking = Booking.objects.create(
            session=locked,
            person=person,
            booked_by=actor,
            status=Booking.Status.WAITLISTED if is_full else Booking.Status.CONFIRMED,
            waitlisted_at=now if is_full else None,
            confirmed_at=None if is_full else now,
            access_requirements=access_requirements.strip(),
            dietary_requirements=dietary_requirements.strip(),
            submission_key=submission_key,
        )
    emails.notify_booking(booking, booking.status)
    return booking


def _set_cancelled(booking: Booking, *, actor: User | None, now: datetime.datetime) -> None:
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = now
    booking.cancelled_by = actor
    booking.save(update_fields=["status", "cancelled_at", "cancelled_by", "updated_at"])


@transaction.atomic
def cancel_booking(*, booking: Booking, actor: User) -> Booking:
    """Cancel a place or a place on the waiting list (idempotent); a freed place goes to the
    longest-waiting person, who is emailed."""
    if not permissions.can_see_booking(actor, booking):
        raise PermissionDenied
    session = _session_for_update(booking.session_id)
    # Re-read under the session lock: a simultaneous cancellation may have got here first.
    booking = Booking.objects.get(pk=booking.pk)
    if booking.status == Booking.Status.CANCELLED:
        return booking
    if booking.status not in (Booking.Status.CONFIRMED, Booking.Status.WAITLISTED):
        raise ValidationError("Attendance has been recorded, so this booking cannot be cancelled.")
    if session.has_started():
        raise ValidationError("The session has started, so this booking cannot be cancelled.")
    with audit.acting(actor):
        _set_cancelled(booking, actor=actor, now=timezone.now())
        emails.notify_booking(booking, "cancelled")
        _fill_free_places(session, actor=actor)
    return booking


def _fill_free_places(session: CourseSession, *, actor: User | None) -> list[Booking]:
    """Offer every free place to the waiting list, longest-waiting first (session locked)."""
    if session.is_cancelled or session.has_started():
        return []
    free = session.capacity - session.bookings.occupying().count()
    if free <= 0:
        return []
    now = timezone.now()
    promoted = list(session.bookings.waiting()[:free])
    with audit.acting(actor):
        for booking in promoted:
            booking.status = Booking.Status.CONFIRMED
            booking.confirmed_at = now
            booking.save(update_fields=["status", "confirmed_at", "updated_at"])
            emails.notify_booking(booking, "promoted")
    return promoted


# After the session --------------------------------------------------------------------


@transaction.atomic
def mark_attendance(*, booking: Booking, attended: bool, actor: User) -> Booking:
    """Record attended or did not attend; attending an accredited course records the
    accreditation (once)."""
    if not permissions.can_mark_attendance(actor, booking):
        raise PermissionDenied
    booking = (
        Booking.objects.select_for_update().select_related("session__course").get(pk=booking.pk)
    )
    if booking.status not in (
        Booking.Status.CONFIRMED,
        Booking.Status.ATTENDED,
        Booking.Status.NO_SHOW,
    ):
        raise ValidationError("Only people with a place can be marked as attending.")
    with audit.acting(actor):
        booking.status = Booking.Status.ATTENDED if attended else Booking.Status.NO_SHOW
        booking.attendance_marked_at = timezone.now()
        booking.save(update_fields=["status", "attendance_marked_at", "updated_at"])
    course = booking.session.course
    if attended and course.accreditation_kind:
        accreditation.award_accreditation(
            person=booking.person,
            kind=course.accreditation_kind,
            awarded_on=timezone.localdate(booking.session.ends_at),
            years=course.accreditation_years,
        )
    return booking


@transaction.atomic
def mark_register(*, session: CourseSession, attended_ids: set[int], actor: User) -> dict[str, int]:
    """Mark everyone with a place at once: those in ``attended_ids`` attended, the rest did
    not. Each booking is marked as ``mark_attendance`` marks it, so each leaves one audit row."""
    holding = list(
        session.bookings.select_for_update()
        .filter(
            status__in=(Booking.Status.CONFIRMED, Booking.Status.ATTENDED, Booking.Status.NO_SHOW)
        )
        .order_by("pk")
    )
    counts = {"attended": 0, "no_show": 0}
    for booking in holding:
        came = booking.pk in attended_ids
        mark_attendance(booking=booking, attended=came, actor=actor)
        counts["attended" if came else "no_show"] += 1
    return counts


@transaction.atomic
def message_session(*, session: CourseSession, subject: str, message: str, actor: User) -> int:
    """Send the programme manager's message to everyone booked or waiting on the session,
    one notification each (emailed after commit); returns how many."""
    if not permissions.can_manage_courses(actor):
        raise PermissionDenied
    people = (
        session.bookings.filter(status__in=(Booking.Status.CONFIRMED, Booking.Status.WAITLISTED))
        .select_related("person", "session__course")
        .order_by("pk")
    )
    sent = 0
    for booking in people:
        emails.message_booking(
            booking, subject=subject.strip(), message=message.strip(), sender=actor.full_name
        )
        sent += 1
    return sent


@transaction.atomic
def give_feedback(*, booking: Booking, actor: User, **answers: Any) -> Feedback:
    """Record an attendee's feedback on their session, once."""
    if booking.person_id != actor.pk:
        raise PermissionDenied

    def create() -> Feedback:
        locked = Booking.objects.select_for_update().get(pk=booking.pk)
        if locked.status != Booking.Status.ATTENDED:
            raise ValidationError("Feedback can be given once you have attended the session.")
        if Feedback.objects.filter(booking=locked).exists():
            raise ValidationError("You have already given feedback on this session. Thank you.")
        feedback = Feedback(booking=locked, **answers)
        feedback.full_clean()
        feedback.save()
        return feedback

    key = answers.get("submission_key")
    return idempotency.create_once(Feedback, key, create, booking_id=booking.pk)[0]


# Reminders ----------------------------------------------------------------------------


def due_reminders(now: datetime.datetime | None = None) -> Any:
    """Confirmed places on published sessions starting within the reminder period, not yet sent."""
    now = now or timezone.now()
    return Booking.objects.filter(
        status=Booking.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        session__status=CourseSession.Status.PUBLISHED,
        session__starts_at__gt=now,
        session__starts_at__lte=now + datetime.timedelta(days=reminder_days_before()),
    )


def queue_due_reminders(now: datetime.datetime | None = None) -> int:
    """Send every due reminder; each is claimed on its booking first, so it goes once."""
    booking_ids = list(due_reminders(now).values_list("pk", flat=True))
    return sum(send_reminder(booking_id=booking_id) for booking_id in booking_ids)


@transaction.atomic
def send_reminder(*, booking_id: int) -> bool:
    """Remind one person of their place at most once: a conditional update claims the
    booking, and the reminder is written to the outbox in the same transaction."""
    claimed = (
        audit.update(
            Booking.objects.filter(
                pk=booking_id, status=Booking.Status.CONFIRMED, reminder_sent_at__isnull=True
            ),
            reminder_sent_at=timezone.now(),
        )
        == 1
    )
    if claimed:
        emails.notify_booking(Booking.objects.get(pk=booking_id), "reminder")
    return claimed
