"""The resource library: guides, packs, reports and papers for councillors and advisers."""

from __future__ import annotations

from typing import Any

from auditlog.registry import auditlog
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection, models
from django.db.models import Exists, F, OuterRef, Q

from improvement_portal.models import SubmittedOnceModel, TimeStampedModel

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
SEARCH_CONFIG = "english"

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class Kind(models.TextChoices):
    MUST_KNOW_GUIDE = "must_know_guide", "Must-know guide"
    RESOURCE_PACK = "resource_pack", "Resource pack"
    GUIDE = "guide", "Guide"
    RESEARCH_REPORT = "research_report", "Research report"
    POSITION_PAPER = "position_paper", "Position paper"
    TOOLKIT = "toolkit", "Toolkit"


class Audience(models.TextChoices):
    PORTFOLIO_HOLDERS = "portfolio_holders", "Children's services portfolio holders"
    COUNCILLORS = "councillors", "All councillors"
    OFFICERS = "officers", "Officers"
    ADVISERS = "advisers", "Advisers"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class FileFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word document (DOCX)"
    XLSX = "xlsx", "Excel spreadsheet (XLSX)"


class Topic(TimeStampedModel):
    """A subject a resource covers, such as "Safeguarding"; identified by its slug."""

    name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=70, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# Drafts have no publication date yet, so they lead the list a programme manager sees.
NEWEST_FIRST = (F("published_on").desc(nulls_first=True), "-created_at", "-pk")


class ResourceQuerySet(models.QuerySet["Resource"]):
    def published(self) -> ResourceQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user: Any) -> ResourceQuerySet:
        """Programme managers see drafts too; everyone else sees published resources only."""
        if getattr(user, "is_programme_manager", False):
            return self.all()
        return self.published()

    def for_audiences(self, audiences: list[str]) -> ResourceQuerySet:
        return self.filter(
            Exists(ResourceAudience.objects.filter(resource=OuterRef("pk"), audience__in=audiences))
        )

    def newest_first(self) -> ResourceQuerySet:
        return self.order_by(*NEWEST_FIRST)

    def search(self, text: str) -> ResourceQuerySet:
        """Full-text search ranked best first on PostgreSQL; a plain substring match elsewhere."""
        if connection.vendor != "postgresql":
            topic_match = Topic.objects.filter(resources=OuterRef("pk"), name__icontains=text)
            return self.filter(
                Q(title__icontains=text) | Q(summary__icontains=text) | Exists(topic_match)
            )
        query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
        return (
            self.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", *NEWEST_FIRST)
        )


class Resource(SubmittedOnceModel, TimeStampedModel):
    """A guide, pack, report or paper: an uploaded file or a link to one, never both."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    summary = models.TextField()
    topics = models.ManyToManyField(Topic, blank=True, related_name="resources")
    published_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    # Stored under a generated name in resources/; the user's file name is never kept.
    file = models.FileField(upload_to="resources/", blank=True, max_length=200)
    file_format = models.CharField(max_length=8, choices=FileFormat.choices, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    external_url = models.URLField(max_length=500, blank=True)
    download_count = models.PositiveIntegerField(default=0)
    # Title (A), summary (B) and topic names (C); kept up to date by the services.
    search_vector = SearchVectorField(null=True, editable=False)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = [*NEWEST_FIRST]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(external_url="")) | (~Q(file="") & Q(external_url="")),
                name="resource_file_or_link",
                violation_error_message="A resource has either a file or a link, not both.",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_on__isnull=False),
                name="resource_published_has_date",
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="resource_search_gin"),
            models.Index(fields=["status", "-published_on"], name="resource_status_published"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def has_file(self) -> bool:
        return bool(self.file)

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.file_format]

    @property
    def download_name(self) -> str:
        return f"{self.slug}.{self.file_format}"


class ResourceAudience(models.Model):
    """One audience a resource is written for (a resource may have several)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="audiences")
    audience = models.CharField(max_length=32, choices=Audience.choices)

    class Meta:
        ordering = ["audience"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "audience"], name="resource_audience_once")
        ]

    def __str__(self) -> str:
        return self.get_audience_display()


auditlog.register(
    Resource,
    exclude_fields=["search_vector", "download_count", "updated_at", "created_at"],
    m2m_fields={"topics"},
)
