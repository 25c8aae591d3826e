"""Abstract models every app's models inherit from, and the portal's data version."""

from __future__ import annotations

from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class DataVersion(models.Model):
    """One row whose token changes after every commit that wrote data (see freshness.py)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.CharField(max_length=32)

    class Meta:
        db_table = "portal_data_version"

    def __str__(self) -> str:
        return self.token
