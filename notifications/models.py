"""The outbox: one row per message to one person, and what each person switched off."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from improvement_portal.models import TimeStampedModel


class NotificationQuerySet(models.QuerySet["Notification"]):
    def for_recipient(self, user: Any) -> NotificationQuerySet:
        return self.filter(recipient=user)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def undelivered(self) -> NotificationQuerySet:
        return self.filter(status=Notification.Status.FAILED)

    def due(self, now: datetime.datetime, stale_before: datetime.datetime) -> NotificationQuerySet:
        """Rows to send now: waiting and due, or claimed by a send that never finished."""
        return self.filter(
            Q(status=Notification.Status.PENDING, next_attempt_at__lte=now)
            | Q(status=Notification.Status.SENDING, claimed_at__lt=stale_before)
        )


class Notification(TimeStampedModel):
    """One message to one person, written in the transaction of the change it tells of.

    The email is rendered when the row is written, so what is sent is what was true at that
    commit; a Celery task sends it after commit, claiming the row first.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Could not be delivered"
        NOT_EMAILED = "not_emailed", "Not emailed (switched off)"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    # The address used: the recipient's, or a council contact's who has no account.
    email = models.EmailField()
    kind = models.CharField(max_length=40)
    subject = models.CharField(max_length=250)
    body_text = models.TextField()
    body_html = models.TextField()
    link_url = models.CharField(max_length=500, blank=True)
    link_text = models.CharField(max_length=120, blank=True)
    calendar_ics = models.TextField(blank=True)
    calendar_method = models.CharField(max_length=10, blank=True)
    attachment = models.CharField(max_length=300, blank=True, help_text="A stored file's name.")
    attachment_filename = models.CharField(max_length=120, blank=True)

    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set for messages a periodic job sends once only ("accreditation 12 expires in 60 days").
    once_key = models.CharField(max_length=120, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(fields=["status", "next_attempt_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["once_key"], condition=~Q(once_key=""), name="notification_once_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} (to {self.email})"

    def get_absolute_url(self) -> str:
        return reverse("notifications:detail", args=[self.pk])

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class SwitchedOff(TimeStampedModel):
    """A person has asked not to be emailed about one switch's kinds."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="switched_off"
    )
    switch = models.CharField(max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "switch"], name="switched_off_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.switch} off"


class CalendarFeed(TimeStampedModel):
    """A person's secret calendar address; revoking it ends the address for good."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="calendar_feed_one_live_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"

    def get_absolute_url(self) -> str:
        return reverse("notifications:calendar-feed", args=[self.token])
