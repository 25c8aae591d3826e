"""Abstract models every app's models inherit from."""

from __future__ import annotations

from django.db import models
from django.db.models.fields.files import FieldFile


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class SubmittedOnceModel(models.Model):
    """A row made from a form: the form's submission key, unique here, makes a resend harmless.

    See ``improvement_portal.idempotency.create_once``. Rows made elsewhere (imports, seeding,
    the admin) have no key.
    """

    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        abstract = True


class FileUpload(SubmittedOnceModel, TimeStampedModel):
    """A file a programme manager uploaded for importing: checked first (a dry run whose
    line-by-line report is kept), then imported on request, all or nothing.

    Each kind of upload adds its ``file`` (where it is kept) and ``uploaded_by``.
    """

    class Status(models.TextChoices):
        CHECKING = "checking", "Being checked"
        REJECTED = "rejected", "Has problems"
        NOTHING_NEW = "nothing_new", "Nothing new"
        READY = "ready", "Ready to import"
        IMPORTING = "importing", "Being imported"
        IMPORTED = "imported", "Imported"

    file: FieldFile  # each kind of upload declares its own FileField
    file_name = models.CharField(max_length=255)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.CHECKING)
    report = models.JSONField(default=dict, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_working(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.IMPORTING)

    def read(self) -> bytes:
        """The uploaded file's bytes."""
        with self.file.open("rb") as handle:
            return bytes(handle.read())
