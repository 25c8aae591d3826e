"""Courses, their sessions, bookings (with the waiting list) and attendees' feedback."""

from __future__ import annotations

import datetime
from typing import Any

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Count, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from improvement_portal.models import SubmittedOnceModel, TimeStampedModel

RATINGS = [(n, str(n)) for n in range(1, 6)]


class CourseQuerySet(models.QuerySet["Course"]):
    def visible_to(self, user: Any) -> CourseQuerySet:
        """Every course for programme managers; published courses for everyone else."""
        if getattr(user, "is_programme_manager", False):
            return self
        return self.filter(is_published=True)


class Course(SubmittedOnceModel, TimeStampedModel):
    """A course the programme runs: Leadership Essentials, or an accredited course."""

    class Kind(models.TextChoices):
        LEADERSHIP_ESSENTIALS = (
            "leadership_essentials",
            "Leadership Essentials (children's services portfolio holders)",
        )
        ACCREDITED = "accredited", "Accredited course (practitioners and associates)"

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    summary = models.CharField(
        max_length=300, help_text="One or two sentences shown in lists of courses."
    )
    description = models.TextField(
        blank=True, help_text="What the course covers and who it is for."
    )
    accreditation_kind = models.CharField(
        max_length=32,
        blank=True,
        help_text="For accredited courses: the accreditation an attendee is awarded.",
    )
    accreditation_years = models.PositiveSmallIntegerField(
        default=3, help_text="How many years the accreditation is valid for."
    )
    is_published = models.BooleanField(
        default=True, help_text="Unpublished courses are seen by programme managers only."
    )

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="accredited") | Q(accreditation_kind=""),
                name="course_accreditation_only_for_accredited",
            ),
            models.CheckConstraint(
                condition=Q(accreditation_years__gte=1), name="course_accreditation_years_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("courses:course-detail", args=[self.pk])

    @property
    def is_leadership_essentials(self) -> bool:
        return self.kind == self.Kind.LEADERSHIP_ESSENTIALS


# Bookings that hold a place, and bookings that still count as the person's booking.
OCCUPYING_STATUSES = ("confirmed", "attended", "no_show")
ACTIVE_STATUSES = ("confirmed", "waitlisted", "attended", "no_show")


def _count_bookings(condition: Q) -> Coalesce:
    """The number of the session's bookings matching the condition (a correlated subquery)."""
    counted = (
        Booking.objects.filter(condition, session=models.OuterRef("pk"))
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(models.Subquery(counted, output_field=models.IntegerField()), 0)


class CourseSessionQuerySet(models.QuerySet["CourseSession"]):
    def visible_to(self, user: Any) -> CourseSessionQuerySet:
        """Every session for programme managers; published sessions of published courses else."""
        if getattr(user, "is_programme_manager", False):
            return self
        return self.filter(course__is_published=True).exclude(status=CourseSession.Status.DRAFT)

    def upcoming(self, now: datetime.datetime | None = None) -> CourseSessionQuerySet:
        return self.filter(starts_at__gte=now or timezone.now())

    def past(self, now: datetime.datetime | None = None) -> CourseSessionQuerySet:
        return self.filter(starts_at__lt=now or timezone.now())

    def with_counts(self) -> CourseSessionQuerySet:
        """Adds ``places_taken`` and ``waiting`` (so ``places_left`` reads), as per-session
        subqueries (index lookups, and no GROUP BY, so counting pages stays cheap)."""
        return self.annotate(
            places_taken=_count_bookings(Q(status__in=OCCUPYING_STATUSES)),
            waiting=_count_bookings(Q(status="waitlisted")),
        )

    def with_unmarked(self) -> CourseSessionQuerySet:
        """Adds ``unmarked``: places still "confirmed", so attendance is to record once started."""
        return self.annotate(unmarked=_count_bookings(Q(status="confirmed")))

    def with_feedback_figures(self) -> CourseSessionQuerySet:
        """Adds ``attended``, ``responses``, ``mean_rating`` (all three questions) and
        ``recommending``, latest session first."""
        feedback = "bookings__feedback__"
        return self.annotate(
            attended=Count("bookings", filter=Q(bookings__status="attended"), distinct=True),
            responses=Count(f"{feedback}pk"),
            mean_rating=(
                Avg(f"{feedback}content_rating")
                + Avg(f"{feedback}facilitators_rating")
                + Avg(f"{feedback}usefulness_rating")
            )
            / 3,
            recommending=Count(f"{feedback}pk", filter=Q(**{f"{feedback}would_recommend": True})),
        ).order_by("-starts_at", "-pk")

    def chronological(self) -> CourseSessionQuerySet:
        return self.order_by("starts_at", "pk")


class CourseSession(SubmittedOnceModel, TimeStampedModel):
    """One run of a course: when, where, how many places, and when booking is open."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        CANCELLED = "cancelled", "Cancelled"

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    is_online = models.BooleanField(default=False)
    venue = models.CharField(
        max_length=200, blank=True, help_text="Building and town, for sessions in person."
    )
    address = models.TextField(blank=True)
    joining_instructions = models.TextField(
        blank=True,
        help_text="For online sessions: how to join. Sent to people with a place only.",
    )
    capacity = models.PositiveSmallIntegerField(help_text="The number of places.")
    booking_opens_at = models.DateTimeField()
    booking_closes_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PUBLISHED)
    programme = models.TextField(blank=True, help_text="The day's programme, one item a line.")
    facilitators = models.CharField(max_length=300, blank=True)

    objects = CourseSessionQuerySet.as_manager()

    # Present only on sessions loaded through the QuerySet methods that add them
    # (with_counts, with_unmarked), and on the catalogue's list (courses.views.catalogue).
    places_taken: int
    waiting: int
    unmarked: int
    own_booking: Booking | None
    can_book: bool

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(booking_closes_at__gt=models.F("booking_opens_at")),
                name="session_booking_closes_after_opening",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="session_capacity_positive"),
            models.CheckConstraint(
                condition=Q(is_online=True) | ~Q(venue=""), name="session_venue_or_online"
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.course.title}, {timezone.localtime(self.starts_at):%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("courses:session-detail", args=[self.pk])

    @property
    def place(self) -> str:
        return "Online" if self.is_online else self.venue

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def has_started(self, now: datetime.datetime | None = None) -> bool:
        return self.starts_at <= (now or timezone.now())

    def has_ended(self, now: datetime.datetime | None = None) -> bool:
        return self.ends_at <= (now or timezone.now())

    @property
    def places_left(self) -> int:
        """Places not yet taken, never below none; needs ``places_taken`` (``with_counts``)."""
        return max(self.capacity - self.places_taken, 0)

    def booking_problem(self, now: datetime.datetime | None = None) -> str:
        """Why a place cannot be booked now, in plain words; empty when booking is open."""
        now = now or timezone.now()
        if self.status == self.Status.CANCELLED:
            return "This session has been cancelled."
        if self.status == self.Status.DRAFT:
            return "This session is not open for booking yet."
        if now < self.booking_opens_at:
            opens = timezone.localtime(self.booking_opens_at)
            return f"Booking for this session opens on {opens:%-d %B %Y} at {opens:%H:%M}."
        if now >= self.booking_closes_at or self.has_started(now):
            closed = timezone.localtime(min(self.booking_closes_at, self.starts_at))
            return f"Booking for this session closed on {closed:%-d %B %Y}."
        return ""

    def programme_items(self) -> list[str]:
        return [line.strip() for line in self.programme.splitlines() if line.strip()]


class BookingQuerySet(models.QuerySet["Booking"]):
    def visible_to(self, user: Any) -> BookingQuerySet:
        """Programme managers see every booking; everyone else only their own."""
        if getattr(user, "is_programme_manager", False):
            return self
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(person=user)

    def active(self) -> BookingQuerySet:
        return self.filter(status__in=ACTIVE_STATUSES)

    def occupying(self) -> BookingQuerySet:
        return self.filter(status__in=OCCUPYING_STATUSES)

    def waiting(self) -> BookingQuerySet:
        """The waiting list, longest-waiting first."""
        return self.filter(status=Booking.Status.WAITLISTED).order_by("waitlisted_at", "pk")

    def with_waiting_position(self) -> BookingQuerySet:
        """Adds ``waiting_position`` (1 = next to be offered a place) as a subquery."""
        ahead = (
            Booking.objects.filter(
                session=models.OuterRef("session"), status=Booking.Status.WAITLISTED
            )
            .filter(
                Q(waitlisted_at__lt=models.OuterRef("waitlisted_at"))
                | Q(waitlisted_at=models.OuterRef("waitlisted_at"), pk__lt=models.OuterRef("pk"))
            )
            .order_by()
            .values("session")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            waiting_position=models.Case(
                models.When(
                    status=Booking.Status.WAITLISTED,
                    then=Coalesce(models.Subquery(ahead), 0) + 1,
                ),
                default=None,
                output_field=models.IntegerField(),
            )
        )


class Booking(SubmittedOnceModel, TimeStampedModel):
    """A person's place, or place on the waiting list, on one session."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Place confirmed"
        WAITLISTED = "waitlisted", "On the waiting list"
        CANCELLED = "cancelled", "Cancelled"
        ATTENDED = "attended", "Attended"
        NO_SHOW = "no_show", "Did not attend"

    session = models.ForeignKey(CourseSession, on_delete=models.PROTECT, related_name="bookings")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="course_bookings"
    )
    status = models.CharField(max_length=16, choices=Status.choices)
    access_requirements = models.TextField(blank=True)
    dietary_requirements = models.TextField(blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="course_bookings_made",
    )
    waitlisted_at = models.DateTimeField(
        null=True, blank=True, help_text="When the person joined the waiting list (its order)."
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    attendance_marked_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["session__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="booking_one_active_per_person_per_session",
                violation_error_message="This person already has a booking on this session.",
            ),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(waitlisted_at__isnull=False),
                name="booking_waitlisted_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["session", "status", "waitlisted_at"]),
            models.Index(fields=["person", "status"]),
            models.Index(
                fields=["status"],
                condition=Q(reminder_sent_at__isnull=True),
                name="booking_reminder_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.session}"

    def get_absolute_url(self) -> str:
        return reverse("courses:booking-detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def holds_place(self) -> bool:
        return self.status in OCCUPYING_STATUSES

    @property
    def status_colour(self) -> str:
        return {
            self.Status.CONFIRMED: "green",
            self.Status.WAITLISTED: "yellow",
            self.Status.CANCELLED: "grey",
            self.Status.ATTENDED: "blue",
            self.Status.NO_SHOW: "red",
        }[self.Status(self.status)]


class FeedbackQuerySet(models.QuerySet["Feedback"]):
    def summary(self) -> dict[str, Any]:
        """Responses, mean rating per question (1 decimal) and the share who would recommend."""
        figures = self.aggregate(
            responses=Count("pk"),
            content=Avg("content_rating"),
            facilitators=Avg("facilitators_rating"),
            usefulness=Avg("usefulness_rating"),
            recommending=Count("pk", filter=Q(would_recommend=True)),
        )
        responses = figures["responses"]
        means = [figures[key] for key in ("content", "facilitators", "usefulness")]
        return {
            "responses": responses,
            "content": _one_decimal(figures["content"]),
            "facilitators": _one_decimal(figures["facilitators"]),
            "usefulness": _one_decimal(figures["usefulness"]),
            "overall": _one_decimal(sum(means) / 3 if responses else None),
            "recommend_percent": (
                round(100 * figures["recommending"] / responses, 1) if responses else None
            ),
        }


def _one_decimal(value: float | None) -> float | None:
    return None if value is None else round(float(value), 1)


class Feedback(SubmittedOnceModel, TimeStampedModel):
    """An attendee's feedback on a session they attended (one per booking)."""

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="feedback")
    content_rating = models.PositiveSmallIntegerField(
        choices=RATINGS, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    facilitators_rating = models.PositiveSmallIntegerField(
        choices=RATINGS, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    usefulness_rating = models.PositiveSmallIntegerField(
        choices=RATINGS, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    would_recommend = models.BooleanField()
    comments = models.TextField(blank=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "feedback"
        constraints = [
            models.CheckConstraint(
                condition=Q(content_rating__range=(1, 5))
                & Q(facilitators_rating__range=(1, 5))
                & Q(usefulness_rating__range=(1, 5)),
                name="feedback_ratings_one_to_five",
            )
        ]

    def __str__(self) -> str:
        return f"Feedback on {self.booking}"


auditlog.register(Booking)
