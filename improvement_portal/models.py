"""Abstract models every app's models inherit from."""

from __future__ import annotations

from django.db import models


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
