from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse

from improvement_portal.models import FileUpload, TimeStampedModel


def _long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


# The first year of the ONS list of councils: a council dated in it may be far older.
RECORDS_BEGIN_YEAR = 2009


class Grade(models.IntegerChoices):
    OUTSTANDING = 1, "Outstanding"
    GOOD = 2, "Good"
    REQUIRES_IMPROVEMENT = 3, "Requires improvement to be good"
    INADEQUATE = 4, "Inadequate"


class Region(TimeStampedModel):
    """One of the 9 English regions (ONS E12 codes)."""

    code = models.CharField(max_length=9, unique=True)
    name = models.CharField(max_length=100)
    slug = models.SlugField(unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CouncilQuerySet(models.QuerySet["Council"]):
    def active_on(self, day: object) -> CouncilQuerySet:
        """Councils operating on the given date."""
        return self.filter(active_from__lte=day).filter(
            models.Q(active_to__isnull=True) | models.Q(active_to__gte=day)
        )

    def current(self) -> CouncilQuerySet:
        return self.filter(active_to__isnull=True)

    def with_latest_judgements(self, on: datetime.date) -> CouncilQuerySet:
        """Annotate each council's latest overall and leadership grades published by ``on``.

        The same rule as ``councils.trajectories.latest_judgement``, in SQL so that lists can
        filter and sort on it: ``latest_overall``, ``latest_overall_published_on``,
        ``latest_leadership``.
        """
        published = OfstedInspection.objects.filter(
            council=models.OuterRef("pk"), published_on__lte=on
        ).order_by("-published_on", "-pk")
        overall = published.filter(overall_effectiveness__isnull=False)
        leadership = published.filter(leadership__isnull=False)
        return self.annotate(
            latest_overall=models.Subquery(overall.values("overall_effectiveness")[:1]),
            latest_overall_published_on=models.Subquery(overall.values("published_on")[:1]),
            latest_leadership=models.Subquery(leadership.values("leadership")[:1]),
        )


class Council(TimeStampedModel):
    """An English local authority with children's services duties.

    A recode (same DfE number, new GSS code) is the same council: its earlier codes are kept in
    ``previous_codes``. A merger or split ends the old councils (``active_to``) and names the
    new ones in ``successors``.
    """

    class Kind(models.TextChoices):
        COUNTY = "county", "County council"
        UNITARY = "unitary", "Unitary authority"
        METROPOLITAN = "metropolitan", "Metropolitan district"
        LONDON = "london", "London borough"

    gss_code = models.CharField("GSS code", max_length=9, unique=True)
    previous_codes = models.JSONField(default=list, blank=True)
    la_number = models.CharField("DfE LA number", max_length=3, db_index=True)
    name = models.CharField(max_length=100)
    ofsted_name = models.CharField(max_length=100, blank=True)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="councils")
    active_from = models.DateField()
    active_to = models.DateField(null=True, blank=True)
    successors = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="predecessors"
    )

    objects = CouncilQuerySet.as_manager()

    class Meta:
        ordering = ["name", "-active_from"]

    def __str__(self) -> str:
        if self.active_to:
            return f"{self.name} (to {self.active_to:%Y})"
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("councils:detail", args=[self.gss_code])

    @property
    def is_current(self) -> bool:
        return self.active_to is None

    def accepts_records_on(self, day: datetime.date) -> bool:
        """Whether work with the council can be dated ``day``.

        The ONS list dates councils far older than itself at 1 January 2009 (and the 2009
        unitaries took over their counties' children's services under the same DfE numbers),
        so those accept any earlier date; only councils the data shows were created later, by
        a merger or split (BCP, Dorset, the Northamptonshires, Cumberland, Westmorland and
        Furness), refuse dates before their start. A former council refuses dates after its end.
        """
        started = self.active_from.year <= RECORDS_BEGIN_YEAR or self.active_from <= day
        return started and (self.active_to is None or day <= self.active_to)

    def record_date_problem(self, day: datetime.date) -> str:
        """Why work with the council cannot be dated ``day``, in words for the date field."""
        if day < self.active_from:
            return (
                f"{self.name} began on {_long(self.active_from)}: enter a date on or after it, "
                "or choose the council that was operating then"
            )
        return (
            f"{self.name} ended on {_long(self.active_to or day)}: enter an earlier date, "
            "or choose the council that took over"
        )

    def existed_on(self, day: datetime.date) -> bool:
        return self.active_from <= day and (self.active_to is None or self.active_to >= day)


class CouncilContact(TimeStampedModel):
    """A named person at a council who receives its peer challenge feedback letter, such as
    the director of children's services; they need no account in the portal."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    email = models.EmailField()

    class Meta:
        ordering = ["council", "name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "email"], name="council_contact_once")
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.council.name}"


class OfstedInspection(TimeStampedModel):
    """One Ofsted inspection or visit of a council's children's services.

    Visits (focused, monitoring) are stored with no judgements. SIF rows carry only a
    publication date, so ``inspected_on`` may be empty.
    """

    class Framework(models.TextChoices):
        SIF = "SIF", "Single inspection framework (2013–18)"
        ILACS = "ILACS", "Inspection of local authority children's services (2018–)"

    class Kind(models.TextChoices):
        SIF_FIRST = "sif", "SIF inspection"
        SIF_REINSPECTION = "sif_reinspection", "SIF re-inspection"
        ILACS_STANDARD = "standard", "ILACS standard inspection"
        ILACS_SHORT = "short", "ILACS short inspection"
        FOCUSED_VISIT = "focused_visit", "Focused visit"
        MONITORING_VISIT = "monitoring_visit", "Monitoring visit"

    JUDGEMENT_FIELDS = (
        "overall_effectiveness",
        "leadership",
        "help_and_protection",
        "children_in_care",
        "care_leavers",
    )

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="inspections")
    framework = models.CharField(max_length=8, choices=Framework.choices)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    inspected_on = models.DateField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    overall_effectiveness = models.PositiveSmallIntegerField(
        choices=Grade.choices, null=True, blank=True
    )
    leadership = models.PositiveSmallIntegerField(
        choices=Grade.choices,
        null=True,
        blank=True,
        help_text="SIF: leadership, management and governance. ILACS: impact of leaders.",
    )
    help_and_protection = models.PositiveSmallIntegerField(
        choices=Grade.choices, null=True, blank=True
    )
    children_in_care = models.PositiveSmallIntegerField(
        choices=Grade.choices, null=True, blank=True
    )
    care_leavers = models.PositiveSmallIntegerField(choices=Grade.choices, null=True, blank=True)
    visit_theme = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=200, blank=True, help_text="The file this row came from.")
    source_as_at = models.DateField(
        null=True, blank=True, help_text="How current the source file is; newer files win."
    )

    class Meta:
        ordering = ["council", "published_on"]
        indexes = [
            models.Index(fields=["council", "published_on"]),
            models.Index(fields=["published_on"]),
        ]

    def __str__(self) -> str:
        when = self.published_on or self.inspected_on
        return f"{self.council.name}: {self.get_kind_display()} ({when})"

    @property
    def is_judged(self) -> bool:
        return self.overall_effectiveness is not None


class OfstedUpload(FileUpload):
    """An Ofsted outcome file a programme manager uploaded: checked first, imported on request."""

    file = models.FileField(upload_to="ofsted_uploads/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="ofsted_uploads",
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    def get_absolute_url(self) -> str:
        return reverse("councils:import-detail", args=[self.pk])
