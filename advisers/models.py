"""Advisers, their accreditations and availability, the engagement log and support requests."""

from __future__ import annotations

import datetime
from decimal import Decimal

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.urls import reverse

from improvement_portal.models import FileUpload, SubmittedOnceModel, TimeStampedModel

# Days are logged in half-day steps, at most five days in one entry.
DAYS_STEP = Decimal("0.5")
DAYS_MAX = Decimal("5")
ALLOWED_DAYS = [DAYS_STEP * n for n in range(1, int(DAYS_MAX / DAYS_STEP) + 1)]


def format_days(value: Decimal | float | int | None) -> str:
    """Days as a plain number: 2, 1.5, 0.5 (never 2.0)."""
    if value is None:
        return "0"
    return f"{Decimal(value):.1f}".removesuffix(".0")


def days_problem(days: Decimal) -> str | None:
    """What is wrong with a number of days, in words for the person who entered it."""
    if not days.is_finite():
        return "Enter the number of days as a number, for example 1.5"
    if days <= 0:
        return "The number of days must be more than 0"
    if days > DAYS_MAX:
        return "The number of days must be 5 or fewer; log longer work as separate entries"
    if days % DAYS_STEP != 0:
        return "Enter the days in half days, for example 0.5, 1 or 1.5"
    return None


def default_contact_gap_days() -> int:
    return int(getattr(settings, "ENGAGEMENT_CONTACT_DAYS_DEFAULT", 60))


class AdviserQuerySet(models.QuerySet["Adviser"]):
    def active(self) -> AdviserQuerySet:
        return self.filter(is_active=True, user__is_active=True)


class Adviser(TimeStampedModel):
    """The adviser profile of a principal adviser, CIA, prime associate or associate."""

    class Kind(models.TextChoices):
        PRINCIPAL_ADVISER = "principal_adviser", "Principal adviser"
        IMPROVEMENT_ADVISER = "improvement_adviser", "Children's improvement adviser"
        PRIME_ASSOCIATE = "prime_associate", "Prime associate"
        ASSOCIATE = "associate", "Associate"

    class Specialism(models.TextChoices):
        SAFEGUARDING = "safeguarding", "Safeguarding and child protection"
        CHILDREN_IN_CARE = "children_in_care", "Children in care"
        CARE_LEAVERS = "care_leavers", "Care leavers"
        EARLY_HELP = "early_help", "Early help"
        SEND = "send", "Special educational needs and disabilities"
        WORKFORCE = "workforce", "Social work workforce"
        FINANCE = "finance", "Finance and sufficiency"
        LEADERSHIP = "leadership", "Leadership and governance"
        PERFORMANCE = "performance", "Performance and quality assurance"
        YOUTH_JUSTICE = "youth_justice", "Youth justice"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="adviser_profile"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    region = models.ForeignKey(
        "councils.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="advisers",
    )
    councils = models.ManyToManyField(
        "councils.Council",
        blank=True,
        related_name="assigned_advisers",
        help_text="Councils assigned to this adviser (children's improvement advisers).",
    )
    home_council = models.ForeignKey(
        "councils.Council",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="home_advisers",
        help_text="The council this person works for; they never review it (conflict of interest).",
    )
    specialisms = models.JSONField(
        default=list, blank=True, help_text="Codes from Adviser.Specialism."
    )
    skills = models.TextField(blank=True, help_text="Other skills and experience, in words.")
    contact_gap_days = models.PositiveSmallIntegerField(
        default=default_contact_gap_days,
        help_text="Prompt when a council judged RI or inadequate has had no contact for this long.",
    )
    is_active = models.BooleanField(default=True)

    objects = AdviserQuerySet.as_manager()

    class Meta:
        ordering = ["user__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contact_gap_days__gte=1), name="adviser_contact_gap_positive"
            )
        ]

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("advisers:adviser-detail", args=[self.pk])

    @property
    def name(self) -> str:
        return str(self.user)

    def specialism_labels(self) -> list[str]:
        labels = dict(self.Specialism.choices)
        return [labels.get(code, code) for code in self.specialisms]


class AccreditationQuerySet(models.QuerySet["Accreditation"]):
    def valid_between(self, start: datetime.date, end: datetime.date) -> AccreditationQuerySet:
        """Accreditations held for the whole of [start, end]."""
        return self.filter(awarded_on__lte=start, expires_on__gte=end)

    def expiring_within(self, days: int, today: datetime.date) -> AccreditationQuerySet:
        """Still valid today, expiring within ``days`` days."""
        return self.filter(
            expires_on__gte=today, expires_on__lte=today + datetime.timedelta(days=days)
        )


class Accreditation(SubmittedOnceModel, TimeStampedModel):
    """A nationally accredited course an adviser completed, valid from award to expiry."""

    class Kind(models.TextChoices):
        PEER_CHALLENGE_LEAD = "peer_challenge_lead", "Peer challenge lead"
        PEER_CHALLENGE_MEMBER = "peer_challenge_member", "Peer challenge team member"
        DIAGNOSTIC = "diagnostic", "Diagnostic"
        IMPROVEMENT_ADVISER = "improvement_adviser", "Children's improvement adviser"

    adviser = models.ForeignKey(Adviser, on_delete=models.CASCADE, related_name="accreditations")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    awarded_on = models.DateField()
    expires_on = models.DateField()

    objects = AccreditationQuerySet.as_manager()

    class Meta:
        ordering = ["expires_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__gt=models.F("awarded_on")),
                name="accreditation_expires_after_award",
            )
        ]
        indexes = [models.Index(fields=["adviser", "kind", "expires_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.adviser})"

    def is_valid_between(self, start: datetime.date, end: datetime.date) -> bool:
        return self.awarded_on <= start and self.expires_on >= end

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.is_valid_between(day, day)

    def days_to_expiry(self, today: datetime.date) -> int:
        return (self.expires_on - today).days


class AvailabilityQuerySet(models.QuerySet["Availability"]):
    def covering(self, start: datetime.date, end: datetime.date) -> AvailabilityQuerySet:
        """Ranges that cover the whole of [start, end]."""
        return self.filter(starts_on__lte=start, ends_on__gte=end)

    def current(self, today: datetime.date) -> AvailabilityQuerySet:
        return self.filter(ends_on__gte=today)


class Availability(SubmittedOnceModel, TimeStampedModel):
    """A date range an adviser can give time in (the availability register)."""

    adviser = models.ForeignKey(Adviser, on_delete=models.CASCADE, related_name="availability")
    starts_on = models.DateField()
    ends_on = models.DateField()
    days_available = models.PositiveSmallIntegerField()
    notes = models.TextField(blank=True)

    objects = AvailabilityQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on"]
        verbose_name_plural = "availability"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="availability_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(days_available__gte=1), name="availability_days_positive"
            ),
        ]
        indexes = [models.Index(fields=["adviser", "starts_on", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.adviser}: {self.starts_on} to {self.ends_on}"

    def covers(self, start: datetime.date, end: datetime.date) -> bool:
        return self.starts_on <= start and self.ends_on >= end


class EngagementQuerySet(models.QuerySet["Engagement"]):
    """Who may read which engagement is decided in ``advisers.permissions``
    (``visible_engagements``), which views and services call."""


class Engagement(SubmittedOnceModel, TimeStampedModel):
    """Time an adviser spent with a council."""

    class Strand(models.TextChoices):
        LEAD_MEMBER = "lead_member", "Lead member support"
        INTENSIVE = "intensive", "Intensive support"
        PEER_CHALLENGE = "peer_challenge", "Peer challenge"
        OTHER = "other", "Other"

    class Activity(models.TextChoices):
        DIAGNOSTIC = "diagnostic", "Diagnostic"
        IMPROVEMENT_BOARD = "improvement_board", "Improvement board"
        ADVICE_DCS = "advice_dcs", "Advice to the DCS"
        ADVICE_LEAD_MEMBER = "advice_lead_member", "Advice to the lead member"
        WORKSHOP = "workshop", "Workshop"
        REVIEW = "review", "Review"
        OTHER = "other", "Other"

    class Funding(models.TextChoices):
        FREE = "free", "Free"
        SUBSIDISED = "subsidised", "Subsidised"
        WHOLE_COST = "whole_cost", "Whole cost"

    council = models.ForeignKey(
        "councils.Council", on_delete=models.PROTECT, related_name="engagements"
    )
    adviser = models.ForeignKey(Adviser, on_delete=models.PROTECT, related_name="engagements")
    date = models.DateField()
    days = models.DecimalField(max_digits=3, decimal_places=1)
    strand = models.CharField(max_length=20, choices=Strand.choices)
    activity = models.CharField(max_length=20, choices=Activity.choices)
    funding = models.CharField(max_length=12, choices=Funding.choices, default=Funding.FREE)
    commissioned_by_dfe = models.BooleanField(
        "Commissioned by the DfE",
        default=False,
        help_text="For councils in intervention, when the Department for Education asked.",
    )
    summary = models.TextField()
    confidential_notes = models.TextField(blank=True)
    follow_up_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="engagements_created",
    )

    objects = EngagementQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(days__gt=0), name="engagement_days_positive"),
            models.CheckConstraint(
                condition=models.Q(days__lte=DAYS_MAX), name="engagement_days_at_most_five"
            ),
            models.CheckConstraint(
                condition=models.Q(days__in=ALLOWED_DAYS), name="engagement_days_half_steps"
            ),
        ]
        indexes = [
            models.Index(fields=["date"]),
            models.Index(fields=["council", "date"]),
            models.Index(fields=["adviser", "date"]),
            models.Index(fields=["follow_up_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.council.name}, {self.date:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("advisers:engagement-detail", args=[self.pk])


class SupportRequest(SubmittedOnceModel, TimeStampedModel):
    """A council's request for bespoke support, routed to the PA of the council's region."""

    class Kind(models.TextChoices):
        DIAGNOSTIC = "diagnostic", "Diagnostic"
        PEER_REVIEW = "peer_review", "Peer review"
        MENTORING = "mentoring", "Mentoring"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        NEW = "new", "New"
        TRIAGED = "triaged", "Triaged"
        ASSIGNED = "assigned", "Assigned"
        CLOSED = "closed", "Closed"

    # Each status may move only to the next one; any open request may be closed.
    NEXT_STATUSES: dict[str, tuple[str, ...]] = {
        Status.NEW: (Status.TRIAGED, Status.CLOSED),
        Status.TRIAGED: (Status.ASSIGNED, Status.CLOSED),
        Status.ASSIGNED: (Status.CLOSED,),
        Status.CLOSED: (),
    }

    council = models.ForeignKey(
        "councils.Council", on_delete=models.PROTECT, related_name="support_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="support_requests_made",
    )
    contact_name = models.CharField(
        max_length=150, blank=True, help_text="The council contact who asked, if not the recorder."
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    details = models.TextField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    routed_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_requests_routed",
        help_text="The principal adviser of the council's region.",
    )
    assigned_to = models.ForeignKey(
        Adviser,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_requests",
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.council.name}"

    def get_absolute_url(self) -> str:
        return reverse("advisers:support-request-detail", args=[self.pk])

    def can_move_to(self, status: str) -> bool:
        return status in self.NEXT_STATUSES.get(self.status, ())

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED


class SupportRequestEvent(TimeStampedModel):
    """One status change of a support request: the request's history."""

    support_request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(max_length=12, choices=SupportRequest.Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=SupportRequest.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.support_request}: {self.from_status or 'start'} to {self.to_status}"


class EngagementUpload(FileUpload):
    """An engagement log a programme manager uploaded: checked first, imported on request."""

    file = models.FileField(upload_to="engagement_uploads/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="engagement_uploads",
    )

    def get_absolute_url(self) -> str:
        return reverse("advisers:engagement-import-detail", args=[self.pk])


auditlog.register(Engagement, exclude_fields=["created_at", "updated_at"])
# What a programme manager changes about an adviser, shown on the person's page.
auditlog.register(
    Adviser,
    include_fields=["kind", "region", "home_council", "is_active"],
    m2m_fields={"councils"},
    mapping_fields={
        "kind": "Type of adviser",
        "home_council": "Works for",
        "councils": "Assigned councils",
        "is_active": "Active adviser",
    },
)
auditlog.register(SupportRequest, exclude_fields=["created_at", "updated_at"])
