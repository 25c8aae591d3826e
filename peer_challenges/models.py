"""Children's services peer challenges: the challenge, its steps and its team."""

from __future__ import annotations

import datetime
from typing import Any

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from improvement_portal.models import SubmittedOnceModel, TimeStampedModel


class Focus(models.TextChoices):
    """Areas of children's services a peer challenge can look at (the LGA's usual scopes)."""

    FRONT_DOOR = "front_door", "Front door and early help"
    CHILDREN_IN_NEED = "children_in_need", "Children in need"
    CHILD_PROTECTION = "child_protection", "Child protection"
    CHILDREN_IN_CARE = "children_in_care", "Children in care"
    CARE_LEAVERS = "care_leavers", "Care leavers"
    EXPLOITATION = "exploitation", "Exploitation and children missing"
    DISABLED_CHILDREN = "disabled_children", "Disabled children"
    LEADERSHIP = "leadership", "Leadership, management and governance"
    QUALITY_ASSURANCE = "quality_assurance", "Quality assurance and performance"
    WORKFORCE = "workforce", "Workforce and social work practice"


class Funding(models.TextChoices):
    FREE = "free", "Free"
    SUBSIDISED = "subsidised", "Subsidised"
    WHOLE_COST = "whole_cost", "Whole cost"


# Longer than Celery's hard time limit for a task, so a render still running is never doubled.
LETTER_STUCK_AFTER = datetime.timedelta(minutes=10)


class PeerChallengeQuerySet(models.QuerySet["PeerChallenge"]):
    # Who may see which challenge is decided in ``peer_challenges.permissions.visible_to``.

    def open(self) -> PeerChallengeQuerySet:
        return self.filter(status__in=PeerChallenge.OPEN_STATUSES)

    def in_year(self, year: int) -> PeerChallengeQuerySet:
        """Challenges whose on-site week falls in the year, or, without dates, requested in it."""
        return self.filter(
            Q(on_site_starts_on__year=year)
            | Q(on_site_starts_on__isnull=True, requested_on__year=year)
        )

    def upcoming_on_site(self, today: datetime.date) -> PeerChallengeQuerySet:
        """Challenges still to happen (or happening this week) that have on-site dates."""
        monday = today - datetime.timedelta(days=today.weekday())
        return self.filter(
            status__in=PeerChallenge.OPEN_STATUSES, on_site_ends_on__gte=monday
        ).order_by("on_site_starts_on", "council__name")


class PeerChallenge(SubmittedOnceModel, TimeStampedModel):
    """One peer challenge of one council, from request to close."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        SCOPING = "scoping", "Scoping"
        TEAM_CONFIRMED = "team_confirmed", "Team confirmed"
        ON_SITE = "on_site", "On site"
        FEEDBACK_SENT = "feedback_sent", "Feedback sent"
        CLOSED = "closed", "Closed"
        CANCELLED = "cancelled", "Cancelled"

    class LetterStatus(models.TextChoices):
        NOT_STARTED = "", "Not written"
        PREPARING = "preparing", "Preparing"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    # The feedback letter sent, the challenge has happened: only follow-up remains, so it can
    # be closed but no longer cancelled.
    OPEN_STATUSES = (
        Status.REQUESTED,
        Status.SCOPING,
        Status.TEAM_CONFIRMED,
        Status.ON_SITE,
    )
    STATUS_COLOURS = {
        Status.REQUESTED: "grey",
        Status.SCOPING: "light-blue",
        Status.TEAM_CONFIRMED: "blue",
        Status.ON_SITE: "purple",
        Status.FEEDBACK_SENT: "turquoise",
        Status.CLOSED: "green",
        Status.CANCELLED: "red",
    }

    council = models.ForeignKey(
        "councils.Council", on_delete=models.PROTECT, related_name="peer_challenges"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateField(default=timezone.localdate)
    request_notes = models.TextField("What the council wants from the peer challenge", blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.REQUESTED, db_index=True
    )

    focus = models.JSONField(default=list, blank=True)
    key_lines_of_enquiry = models.TextField(blank=True)
    on_site_starts_on = models.DateField("First on-site day", null=True, blank=True)
    on_site_ends_on = models.DateField("Last on-site day", null=True, blank=True)
    funding = models.CharField("Funding basis", max_length=16, choices=Funding.choices, blank=True)

    strengths = models.TextField(blank=True)
    areas_for_consideration = models.TextField(blank=True)
    recommendations = models.TextField(blank=True)
    letter_status = models.CharField(
        max_length=16, choices=LetterStatus.choices, blank=True, default=LetterStatus.NOT_STARTED
    )
    # Bumped on every edit of the letter, so a PDF rendered from older text is never kept.
    letter_revision = models.PositiveIntegerField(default=0)
    letter_pdf = models.FileField(upload_to="peer_challenges/letters/", blank=True)
    letter_error = models.CharField(max_length=300, blank=True)
    letter_requested_at = models.DateTimeField(null=True, blank=True)
    letter_written_at = models.DateTimeField(null=True, blank=True)
    letter_sent_at = models.DateTimeField(null=True, blank=True)
    # Who the sent letter was emailed to, as it went: the council's named contacts ("Name, job
    # title <address>") and how many of its councillors in the portal.
    letter_sent_to = models.JSONField(default=list, blank=True)
    letter_councillors_told = models.PositiveIntegerField(default=0)

    follow_up_on = models.DateField("Follow-up conversation", null=True, blank=True)
    follow_up_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="peer_challenge_follow_ups",
    )
    follow_up_checks = models.TextField("What the follow-up will check", blank=True)
    follow_up_notes = models.TextField(blank=True)
    # Set when the council and the programme agree no follow-up is needed, and why.
    follow_up_waived_reason = models.TextField(blank=True)

    objects = PeerChallengeQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_on", "-pk"]
        indexes = [models.Index(fields=["on_site_starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(on_site_starts_on__isnull=True)
                | Q(on_site_ends_on__isnull=True)
                | Q(on_site_ends_on__gte=models.F("on_site_starts_on")),
                name="peer_challenge_on_site_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"Peer challenge of {self.council.name}"

    def get_absolute_url(self) -> str:
        return reverse("peer_challenges:detail", args=[self.pk])

    @property
    def status_colour(self) -> str:
        return self.STATUS_COLOURS[PeerChallenge.Status(self.status)]

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def focus_labels(self) -> list[str]:
        labels = dict(Focus.choices)
        return [labels.get(value, value) for value in self.focus]

    @property
    def has_on_site_dates(self) -> bool:
        return self.on_site_dates is not None

    @property
    def on_site_dates(self) -> tuple[datetime.date, datetime.date] | None:
        """The on-site week's first and last days, once both are agreed."""
        if self.on_site_starts_on is None or self.on_site_ends_on is None:
            return None
        return self.on_site_starts_on, self.on_site_ends_on

    @property
    def letter_is_ready(self) -> bool:
        return self.letter_status == self.LetterStatus.READY and bool(self.letter_pdf)

    @property
    def letter_is_stuck(self) -> bool:
        """Preparing for longer than any render may take: its worker was lost."""
        if self.letter_status != self.LetterStatus.PREPARING or self.letter_requested_at is None:
            return False
        return timezone.now() - self.letter_requested_at > LETTER_STUCK_AFTER

    def missing_scoping_details(self) -> list[str]:
        """What scoping still has to record before the team can be confirmed."""
        missing = []
        if not self.focus:
            missing.append("the focus")
        if not self.key_lines_of_enquiry.strip():
            missing.append("the key lines of enquiry")
        if not self.has_on_site_dates:
            missing.append("the on-site dates")
        if not self.funding:
            missing.append("the funding basis")
        return missing

    @property
    def follow_up_is_waived(self) -> bool:
        return bool(self.follow_up_waived_reason.strip())

    def missing_follow_up_details(self) -> list[str]:
        """What the agreed follow-up still lacks (nothing once it is recorded or waived)."""
        if self.follow_up_is_waived:
            return []
        missing = []
        if self.follow_up_on is None:
            missing.append("its date")
        if self.follow_up_owner_id is None:
            missing.append("who owns it")
        if not self.follow_up_checks.strip():
            missing.append("what it will check")
        return missing

    def missing_letter_sections(self) -> list[str]:
        sections = [
            ("strengths", self.strengths),
            ("areas for consideration", self.areas_for_consideration),
            ("recommendations", self.recommendations),
        ]
        return [name for name, text in sections if not text.strip()]


class StatusChange(TimeStampedModel):
    """One step of a challenge's workflow: who moved it, from what, to what, and when."""

    challenge = models.ForeignKey(
        PeerChallenge, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=PeerChallenge.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=PeerChallenge.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.challenge}: {self.from_status or 'new'} → {self.to_status}"

    @property
    def to_status_colour(self) -> str:
        return PeerChallenge.STATUS_COLOURS[PeerChallenge.Status(self.to_status)]

    def describe(self) -> str:
        """The step in words, as the workflow names it ("Scoping started")."""
        from peer_challenges import workflow

        return workflow.describe_change(self.from_status, self.to_status)


class TeamMemberQuerySet(models.QuerySet["TeamMember"]):
    def serving(self) -> TeamMemberQuerySet:
        """Places on challenges that were not cancelled."""
        return self.exclude(challenge__status=PeerChallenge.Status.CANCELLED)

    def overlapping(self, start: datetime.date, end: datetime.date) -> TeamMemberQuerySet:
        """Places on challenges whose on-site dates meet [start, end]."""
        return self.filter(
            challenge__on_site_starts_on__lte=end, challenge__on_site_ends_on__gte=start
        )


class TeamMember(SubmittedOnceModel, TimeStampedModel):
    """A person from the availability register on a challenge's team."""

    class Role(models.TextChoices):
        LEAD_PEER = "lead_peer", "Lead peer"
        MEMBER_PEER = "member_peer", "Member peer"
        COUNCILLOR_PEER = "councillor_peer", "Councillor peer"
        SHADOW = "shadow", "Shadow"

    challenge = models.ForeignKey(PeerChallenge, on_delete=models.CASCADE, related_name="team")
    adviser = models.ForeignKey(
        "advisers.Adviser", on_delete=models.PROTECT, related_name="peer_challenge_places"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Set when a manager records a confirmation the person gave some other way (a call, an
    # email): who recorded it and how it came.
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmation_note = models.TextField(blank=True)

    objects = TeamMemberQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "adviser"], name="team_member_once_per_challenge"
            ),
            models.UniqueConstraint(
                fields=["challenge"],
                condition=Q(role="lead_peer"),
                name="team_member_one_lead_per_challenge",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.adviser} ({self.get_role_display()}), {self.challenge}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def is_lead(self) -> bool:
        return self.role == self.Role.LEAD_PEER


class DeclinedPlace(TimeStampedModel):
    """A team place the person declined: the place itself is freed (the TeamMember row goes),
    and this keeps who was invited, when, and why they said no, for the team page."""

    challenge = models.ForeignKey(
        PeerChallenge, on_delete=models.CASCADE, related_name="declined_places"
    )
    adviser = models.ForeignKey(
        "advisers.Adviser", on_delete=models.PROTECT, related_name="declined_places"
    )
    role = models.CharField(max_length=20, choices=TeamMember.Role.choices)
    member_id = models.PositiveIntegerField(help_text="The freed TeamMember's id.")
    invited_at = models.DateTimeField()
    declined_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-declined_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.adviser} declined {self.get_role_display()}, {self.challenge}"


ROLE_ORDER = {role: index for index, role in enumerate(TeamMember.Role.values)}


def sort_team(members: Any) -> list[TeamMember]:
    """Lead peer first, then member peers, councillor peers and shadows, each by name."""
    return sorted(members, key=lambda m: (ROLE_ORDER[m.role], m.adviser.user.full_name))


auditlog.register(PeerChallenge, exclude_fields=["letter_revision", "updated_at"])
auditlog.register(TeamMember, exclude_fields=["updated_at"])
auditlog.register(DeclinedPlace, exclude_fields=["updated_at"])
