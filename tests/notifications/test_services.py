"""The outbox: written with the change, sent after commit, claimed once, retried, swept."""

from __future__ import annotations

import datetime
import smtplib

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from notifications import services, tasks
from notifications.models import Notification, SwitchedOff

pytestmark = pytest.mark.django_db
Status = Notification.Status


def notify_report(recipient, **extra):
    return services.notify(
        recipient=recipient,
        kind="report_finished",
        context={"report": None, "failed": False},
        link="/reports/",
        link_text="Download your report",
        **extra,
    )


def test_a_notification_is_emailed_once_after_commit(
    programme_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        row = notify_report(programme_manager)
        assert mail.outbox == []

    [message] = mail.outbox
    assert message.to == [programme_manager.email]
    assert message.subject == row.subject
    assert "http://127.0.0.1:8000/reports/" in message.body
    assert message.alternatives[0].mimetype == "text/html"
    assert "Hello from" not in message.body
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 1)


def test_a_rolled_back_change_leaves_no_row_and_sends_nothing(programme_manager):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify_report(programme_manager)
        raise RuntimeError("the change failed")

    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_sent_row_is_never_sent_again(programme_manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = notify_report(programme_manager)

    assert services.deliver_notification(notification_id=row.pk) is False
    assert services.send_due_notifications() == 0
    assert len(mail.outbox) == 1


def test_a_claimed_row_goes_only_to_the_message_that_claimed_it(programme_manager):
    row = notify_report(programme_manager)
    assert services.claim_notification(notification_id=row.pk, token="message-1")

    assert services.deliver_notification(notification_id=row.pk, token="another") is False
    assert services.send_due_notifications() == 0  # a fresh claim may still be sending
    assert mail.outbox == []
    # The same message delivered again (its worker was lost after the claim) finishes it.
    assert services.deliver_notification(notification_id=row.pk, token="message-1") is True
    assert len(mail.outbox) == 1


def test_the_sweep_sends_a_row_whose_send_died_after_the_claim(programme_manager):
    row = notify_report(programme_manager)
    services.claim_notification(notification_id=row.pk, token="lost-worker")

    later = timezone.now() + services.CLAIM_STALE_AFTER + datetime.timedelta(seconds=1)
    assert services.send_due_notifications(now=later) == 1
    assert services.send_due_notifications(now=later) == 0
    assert len(mail.outbox) == 1


def test_the_sweep_sends_rows_the_task_never_took(programme_manager):
    notify_report(programme_manager)  # its after-commit publish never ran

    assert services.send_due_notifications() == 1
    assert len(mail.outbox) == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class RefusingBackend(BrokenBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"No such user")})


def test_failures_are_retried_with_back_off_then_shown_as_undelivered(programme_manager, settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_services.BrokenBackend"
    row = notify_report(programme_manager)
    now = timezone.now()

    for attempt, wait in enumerate(services.RETRY_AFTER, start=1):
        assert services.send_due_notifications(now=now) == 0
        row.refresh_from_db()
        assert (row.status, row.attempts) == (Status.PENDING, attempt)
        assert services.send_due_notifications(now=now) == 0  # not due again yet
        now = row.next_attempt_at
        assert row.next_attempt_at - timezone.now() >= wait - datetime.timedelta(seconds=5)

    services.send_due_notifications(now=now)
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.FAILED, services.MAX_ATTEMPTS)
    assert "could not be reached" in row.last_error
    assert services.send_due_notifications(now=now + datetime.timedelta(days=1)) == 0


def test_a_refused_address_is_undelivered_at_once_with_the_reason(programme_manager, settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_services.RefusingBackend"
    row = notify_report(programme_manager)

    services.send_due_notifications()

    row.refresh_from_db()
    assert row.status == Status.FAILED
    assert row.last_error == (
        "The mail server refused the address. Check the person's email address."
    )


def test_a_manager_can_send_an_undelivered_message_again(
    programme_manager, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.notifications.test_services.RefusingBackend"
    row = notify_report(programme_manager)
    services.send_due_notifications()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    with django_capture_on_commit_callbacks(execute=True):
        services.try_again(notification=row, actor=programme_manager)

    row.refresh_from_db()
    assert row.status == Status.SENT and len(mail.outbox) == 1


def test_a_switched_off_kind_is_listed_but_not_emailed(
    programme_manager, django_capture_on_commit_callbacks
):
    SwitchedOff.objects.create(user=programme_manager, switch="reports")

    with django_capture_on_commit_callbacks(execute=True) as queued:
        row = notify_report(programme_manager)

    assert queued == [] and mail.outbox == []
    assert row.status == Status.NOT_EMAILED
    assert services.send_due_notifications() == 0


def test_a_required_kind_is_emailed_even_if_every_switch_is_off(
    councillor, django_capture_on_commit_callbacks
):
    services.set_switches(user=councillor, switched_on=set())
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            recipient=councillor,
            kind="mentor_proposed",
            context={"match": None},
            link="/mentoring/",
        )

    assert len(mail.outbox) == 1


def test_an_unknown_kind_is_refused(councillor):
    with pytest.raises(ValueError, match="Unknown notification kind"):
        services.notify(recipient=councillor, kind="gossip", context={})


def test_the_sweep_runs_every_minute_in_the_beat_schedule():
    from improvement_portal.celery import app

    schedule = {entry["task"]: entry for entry in app.conf.beat_schedule.values()}
    assert "notifications.tasks.send_due_notifications" in schedule
    assert tasks.send_due_notifications.name in app.tasks
