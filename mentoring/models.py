"""Councillor peer mentoring: the mentor pool, requests, matches and the sessions they hold.

A match moves through ``Match.TRANSITIONS`` only; every other module asks the match whether a
move is allowed rather than comparing statuses itself.
"""

from __future__ import annotations

import datetime
from typing import Any

from auditlog.registry import auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from improvement_portal.models import SubmittedOnceModel, TimeStampedModel

MAX_CAPACITY = 10
# A match with no session for this long is flagged to the programme as stalled.
STALLED_AFTER = datetime.timedelta(weeks=6)


class PoliticalGroup(models.TextChoices):
    CONSERVATIVE = "conservative", "Conservative"
    LABOUR = "labour", "Labour"
    LIBERAL_DEMOCRAT = "liberal_democrat", "Liberal Democrat"
    GREEN = "green", "Green"
    INDEPENDENT = "independent", "Independent"
    OTHER = "other", "Other"


class GroupOffice(TimeStampedModel):
    """A political group office the LGA liaises with to source mentors, and who to ask there.

    The offices are data (seeded by a migration, kept up to date in the admin), so a new
    group or a new contact needs no release.
    """

    political_group = models.CharField(max_length=20, choices=PoliticalGroup.choices, unique=True)
    name = models.CharField(max_length=120)
    contact_name = models.CharField(max_length=120, blank=True)
    contact_email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_email)


class Experience(models.TextChoices):
    LED_IMPROVEMENT = "led_improvement", "Led improvement from inadequate"
    NEW_PORTFOLIO_HOLDER = "new_portfolio_holder", "Supporting new portfolio holders"
    EDUCATION = "education", "Education and schools"
    CORPORATE_PARENTING = "corporate_parenting", "Corporate parenting"
    SCRUTINY = "scrutiny", "Scrutiny"
    SEND = "send", "Special educational needs and disabilities"
    SAFEGUARDING_PARTNERSHIP = "safeguarding_partnership", "Safeguarding partnerships"


class MentorQuerySet(models.QuerySet["Mentor"]):
    def with_load(self) -> MentorQuerySet:
        """Annotate ``live_matches``: the places taken by proposed, accepted and active matches."""
        return self.annotate(
            live_matches=Count("matches", filter=Q(matches__status__in=Match.LIVE_STATUSES))
        )

    def visible_to(self, user: Any) -> MentorQuerySet:
        if user.is_programme_manager:
            return self
        return self.filter(user=user) if user.is_councillor else self.none()


class Mentor(SubmittedOnceModel, TimeStampedModel):
    """A councillor peer who holds, or held, the children's services portfolio and mentors others."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_profile"
    )
    council = models.ForeignKey(
        "councils.Council", on_delete=models.PROTECT, related_name="mentors"
    )
    region = models.ForeignKey("councils.Region", on_delete=models.PROTECT, related_name="mentors")
    political_group = models.CharField(max_length=20, choices=PoliticalGroup.choices)
    experience = models.JSONField(
        default=list, blank=True, help_text="Codes from Experience, in any order."
    )
    capacity = models.PositiveSmallIntegerField(
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
        help_text="The most mentees at once.",
    )
    is_active = models.BooleanField(
        default=True, help_text="Paused mentors are never suggested for new requests."
    )
    bio = models.TextField(blank=True)

    objects = MentorQuerySet.as_manager()

    class Meta:
        ordering = ["user__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=MAX_CAPACITY),
                name="mentor_capacity_in_range",
            )
        ]

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("mentoring:mentor-edit", args=[self.pk])

    def experience_labels(self) -> list[str]:
        return [Experience(code).label for code in self.experience if code in Experience.values]


class MentoringRequestQuerySet(models.QuerySet["MentoringRequest"]):
    def visible_to(self, user: Any) -> MentoringRequestQuerySet:
        if user.is_programme_manager:
            return self
        if user.is_councillor:
            return self.filter(mentee=user)
        return self.none()

    def waiting(self) -> MentoringRequestQuerySet:
        """Open requests with no proposal out: the ones a programme manager must act on."""
        return self.filter(status=MentoringRequest.Status.OPEN).exclude(
            matches__status=Match.Status.PROPOSED
        )


class MentoringRequest(SubmittedOnceModel, TimeStampedModel):
    """A councillor asks for a peer mentor (or a programme manager asks on their behalf)."""

    class Kind(models.TextChoices):
        DEFINED_PERIOD = "defined_period", "Mentoring over a defined period"
        NEW_PORTFOLIO_HOLDER = (
            "new_portfolio_holder",
            "Support for a newly appointed portfolio holder",
        )
        SOUNDING_BOARD = "sounding_board", "A sounding board as required"

    class GroupPreference(models.TextChoices):
        OWN_GROUP = "own_group", "A mentor from my own political group"
        ANY = "any", "I do not mind"

    # How long each kind of mentoring is agreed for; None is "as required", with no planned end.
    PLANNED_MONTHS: dict[str, int | None] = {
        Kind.DEFINED_PERIOD: 6,
        Kind.NEW_PORTFOLIO_HOLDER: 12,
        Kind.SOUNDING_BOARD: None,
    }

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for a mentor"
        MATCHED = "matched", "Matched"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    OUTSTANDING_STATUSES = (Status.OPEN, Status.MATCHED)
    STATUS_COLOURS = {
        Status.OPEN: "blue",
        Status.MATCHED: "green",
        Status.COMPLETED: "grey",
        Status.WITHDRAWN: "grey",
    }

    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentoring_requests"
    )
    council = models.ForeignKey(
        "councils.Council", on_delete=models.PROTECT, related_name="mentoring_requests"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    political_group = models.CharField(max_length=20, choices=PoliticalGroup.choices)
    group_preference = models.CharField(
        max_length=12, choices=GroupPreference.choices, default=GroupPreference.ANY
    )
    performance_concern = models.BooleanField(
        default=False, help_text="Performance in the council's children's services is a concern."
    )
    needs = models.TextField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    requested_on = models.DateField(default=datetime.date.today)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = MentoringRequestQuerySet.as_manager()

    class Meta:
        ordering = ["requested_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status__in=["open", "matched"]),
                name="one_outstanding_mentoring_request_per_mentee",
                violation_error_message="This councillor already has a mentoring request.",
            )
        ]
        indexes = [models.Index(fields=["status", "requested_on"])]

    def __str__(self) -> str:
        return f"{self.mentee}: {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("mentoring:request-detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"MR-{self.pk:05d}"

    @property
    def status_colour(self) -> str:
        return self.STATUS_COLOURS[MentoringRequest.Status(self.status)]

    @property
    def wants_own_group(self) -> bool:
        return self.group_preference == self.GroupPreference.OWN_GROUP


class MatchQuerySet(models.QuerySet["Match"]):
    def visible_to(self, user: Any) -> MatchQuerySet:
        """Programme managers see every match; a mentor sees their own; a mentee sees theirs
        once the mentor has said yes (a proposal is between the programme and the mentor)."""
        if user.is_programme_manager:
            return self
        if not user.is_councillor:
            return self.none()
        return self.filter(
            Q(mentor__user=user) | Q(request__mentee=user, status__in=Match.MENTEE_VISIBLE_STATUSES)
        )

    def live(self) -> MatchQuerySet:
        return self.filter(status__in=Match.LIVE_STATUSES)

    def stalled(self, today: datetime.date) -> MatchQuerySet:
        """Active matches with no session (nor start) in the last six weeks, with
        ``last_contact`` annotated."""
        # The latest session as a subquery, not a join grouped by every selected column:
        # grouped, the board's query with its people took PostgreSQL 16 ms to plan.
        latest_session = (
            MentoringSession.objects.filter(match=OuterRef("pk"))
            .order_by("-held_on")
            .values("held_on")[:1]
        )
        return (
            self.filter(status=Match.Status.ACTIVE)
            .annotate(last_contact=Coalesce(Subquery(latest_session), "started_on"))
            .filter(last_contact__lte=today - STALLED_AFTER)
        )


class Match(TimeStampedModel):
    """A mentor proposed for a request, and the mentoring relationship that follows."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACCEPTED = "accepted", "Accepted"
        ACTIVE = "active", "Active"
        COMPLETED = "completed", "Completed"
        DECLINED = "declined", "Declined"

    # The only moves a match can make. Declined and completed are final: a declined request
    # stays open, so the next suggestion is proposed as a new match.
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.PROPOSED: frozenset({Status.ACCEPTED, Status.DECLINED}),
        Status.ACCEPTED: frozenset({Status.ACTIVE}),
        Status.ACTIVE: frozenset({Status.COMPLETED}),
        Status.COMPLETED: frozenset(),
        Status.DECLINED: frozenset(),
    }
    # A proposal holds a place too, so a mentor is never asked beyond their capacity.
    LIVE_STATUSES = (Status.PROPOSED, Status.ACCEPTED, Status.ACTIVE)
    MENTEE_VISIBLE_STATUSES = (Status.ACCEPTED, Status.ACTIVE, Status.COMPLETED)
    STATUS_COLOURS = {
        Status.PROPOSED: "blue",
        Status.ACCEPTED: "turquoise",
        Status.ACTIVE: "green",
        Status.COMPLETED: "grey",
        Status.DECLINED: "orange",
    }

    request = models.ForeignKey(MentoringRequest, on_delete=models.CASCADE, related_name="matches")
    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="matches")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    score = models.PositiveSmallIntegerField(default=0, help_text="The suggestion's score.")
    reasons = models.JSONField(default=list, blank=True, help_text="Why it was suggested.")
    # [[criterion, points], ...] adding up to ``score``: the score explained in full.
    score_parts = models.JSONField(default=list, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_on = models.DateField(default=datetime.date.today)
    responded_on = models.DateField(null=True, blank=True)
    started_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    # The agreement: its period (no planned end is "as required"), goals from the first
    # session, and at the end what each side says came of it.
    planned_end_on = models.DateField(null=True, blank=True)
    goals = models.TextField(blank=True)
    mentor_outcome = models.TextField(blank=True)
    mentee_outcome = models.TextField(blank=True)
    # The day the programme was told the match had stalled (no session for six weeks).
    stalled_flagged_on = models.DateField(null=True, blank=True)

    objects = MatchQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_on", "-pk"]
        verbose_name_plural = "matches"
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status__in=["proposed", "accepted", "active"]),
                name="one_live_match_per_request",
                violation_error_message="This request already has a mentor proposed or matched.",
            ),
            models.UniqueConstraint(
                fields=["request", "mentor"],
                name="mentor_proposed_once_per_request",
                violation_error_message="This mentor has already been proposed for this request.",
            ),
        ]
        indexes = [models.Index(fields=["status", "proposed_on"])]

    def __str__(self) -> str:
        return f"{self.mentor} mentoring {self.request.mentee}"

    def get_absolute_url(self) -> str:
        return reverse("mentoring:match-detail", args=[self.pk])

    @property
    def status_colour(self) -> str:
        return self.STATUS_COLOURS[Match.Status(self.status)]

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[Match.Status(self.status)]

    def move_to(self, status: str, *, on: datetime.date | None = None) -> list[str]:
        """Change status along the transition table and stamp the date; returns changed fields.

        Raises ValidationError for a move the table does not allow.
        """
        if not self.can_move_to(status):
            raise ValidationError(
                f"The match is {self.get_status_display().lower()} and cannot become "
                f"{Match.Status(status).label.lower()}."
            )
        day = on or timezone.localdate()
        date_field = {
            Match.Status.ACCEPTED: "responded_on",
            Match.Status.DECLINED: "responded_on",
            Match.Status.ACTIVE: "started_on",
            Match.Status.COMPLETED: "completed_on",
        }[Match.Status(status)]
        self.status = status
        setattr(self, date_field, day)
        return ["status", date_field, "updated_at"]


class MentoringSession(SubmittedOnceModel, TimeStampedModel):
    """One conversation between a mentor and mentee. Notes are private to the pair and the
    programme managers."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField()
    duration_minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    private_notes = models.TextField(blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Session on {self.held_on:%-d %B %Y}"


class MentoringFeedback(SubmittedOnceModel, TimeStampedModel):
    """What the mentee thought of a completed match."""

    match = models.OneToOneField(Match, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    would_recommend = models.BooleanField()
    comments = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="mentoring_feedback_rating_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"Feedback on {self.match}"


class GroupOfficeReferral(SubmittedOnceModel, TimeStampedModel):
    """A programme manager asks a group office to nominate, or approve, a mentor for a request;
    the office's answer is recorded here when it comes."""

    class Ask(models.TextChoices):
        NOMINATE = "nominate", "Nominate a mentor"
        APPROVE = "approve", "Approve a mentor"

    class Answer(models.TextChoices):
        WAITING = "", "Waiting for an answer"
        NOMINATED = "nominated", "Nominated a mentor"
        APPROVED = "approved", "Approved"
        NOT_APPROVED = "not_approved", "Did not approve"
        NO_NOMINATION = "no_nomination", "Could not nominate anyone"

    ANSWER_COLOURS = {
        Answer.WAITING: "blue",
        Answer.NOMINATED: "green",
        Answer.APPROVED: "green",
        Answer.NOT_APPROVED: "orange",
        Answer.NO_NOMINATION: "orange",
    }

    request = models.ForeignKey(
        MentoringRequest, on_delete=models.CASCADE, related_name="office_referrals"
    )
    office = models.ForeignKey(GroupOffice, on_delete=models.PROTECT, related_name="referrals")
    ask = models.CharField(max_length=10, choices=Ask.choices)
    mentor = models.ForeignKey(
        Mentor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="office_referrals",
        help_text="The mentor to approve, or the one the office nominated.",
    )
    note = models.TextField(blank=True)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_on = models.DateField(default=datetime.date.today)
    answer = models.CharField(max_length=16, choices=Answer.choices, blank=True, default="")
    answer_note = models.TextField(blank=True)
    answered_on = models.DateField(null=True, blank=True)
    answer_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-asked_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(ask="approve") | Q(mentor__isnull=False),
                name="office_referral_approval_names_a_mentor",
            )
        ]

    def __str__(self) -> str:
        return f"{self.office}: {self.get_ask_display().lower()} for {self.request}"

    @property
    def is_waiting(self) -> bool:
        return self.answer == self.Answer.WAITING

    @property
    def answer_colour(self) -> str:
        return self.ANSWER_COLOURS[GroupOfficeReferral.Answer(self.answer)]


auditlog.register(Match)
auditlog.register(GroupOfficeReferral)
