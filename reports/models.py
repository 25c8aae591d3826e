"""Evaluation reports: one row per requested PDF, the source of truth for its progress."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from improvement_portal.models import SubmittedOnceModel, TimeStampedModel

# A running report's worker touches its row every few seconds (reports.services' heartbeat):
# a row silent for this long means the work has stopped, waiting for the task service.
PROGRESS_STALLED_AFTER = datetime.timedelta(seconds=20)


class EvaluationReportQuerySet(models.QuerySet["EvaluationReport"]):
    def visible_to(self, user: Any) -> EvaluationReportQuerySet:
        """Programme managers see every report; principal advisers those of their own region."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_programme_manager:
            return self
        if user.is_principal_adviser and user.region_id:
            return self.filter(region_id=user.region_id)
        return self.none()


class EvaluationReport(SubmittedOnceModel, TimeStampedModel):
    """An evaluation of the programme for a period and a scope (national or one region)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Being prepared"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    start = models.DateField("period start")
    end = models.DateField("period end")
    as_of = models.DateField(
        "inspections up to", help_text="Inspections published up to this date count as outcomes."
    )
    region = models.ForeignKey(
        "councils.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluation_reports",
        help_text="Empty for a national report.",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="evaluation_reports",
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    stage = models.CharField(max_length=200, blank=True, help_text="What is happening now.")
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    task_id = models.CharField(
        max_length=64, blank=True, help_text="The task message that claimed the report last."
    )
    metrics = models.JSONField(null=True, blank=True)
    pdf = models.FileField(upload_to="reports/", blank=True)
    xlsx = models.FileField(upload_to="reports/", blank=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = EvaluationReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "enqueued_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="report_period_in_order"
            ),
            models.CheckConstraint(
                condition=models.Q(as_of__gte=models.F("end")), name="report_as_of_after_end"
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="report_progress_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"Evaluation report, {self.period_label} ({self.scope_label})"

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.pk])

    @property
    def params(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "as_of": self.as_of.isoformat(),
            "region": self.region.code if self.region_id else None,
        }

    @property
    def period_label(self) -> str:
        return f"{_day(self.start)} to {_day(self.end)}"

    @property
    def scope_label(self) -> str:
        return self.region.name if self.region_id else "England"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def has_stalled(self) -> bool:
        """Running, but with no sign of its worker for a while: it resumes once one is back."""
        if self.status != self.Status.RUNNING or self.updated_at is None:
            return False
        return self.updated_at < timezone.now() - PROGRESS_STALLED_AFTER

    @property
    def duration(self) -> datetime.timedelta | None:
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None

    def file_stem(self) -> str:
        scope = self.region.slug if self.region_id else "england"
        return f"evaluation-{self.start:%Y-%m-%d}-to-{self.end:%Y-%m-%d}-{scope}-{self.pk}"


def _day(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"
