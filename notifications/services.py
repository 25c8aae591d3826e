"""The one way any area tells a person something: ``notify``, and the outbox's delivery.

``notify`` writes a row in the caller's transaction and hands it to Celery after commit. The
task claims the row before sending: a crash between the claim and the send leaves the row
claimed, and the same message redelivered (or the sweep, once the claim is stale) sends it;
a row marked sent is never sent again. Failures wait and are tried again with back-off, then
are marked "could not be delivered" with the reason, for programme managers to see.
"""

from __future__ import annotations

import datetime
import functools
import logging
import smtplib
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from notifications.kinds import get_kind
from notifications.models import Notification, SwitchedOff

logger = logging.getLogger(__name__)
Status = Notification.Status

PORTAL_NAME = "LGA Children's Services Improvement"
# Waits before each new attempt; after the last one the message is marked undelivered.
RETRY_AFTER = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
]
MAX_ATTEMPTS = len(RETRY_AFTER) + 1
# Longer than Celery's hard time limit: a claim this old belongs to a send that died.
CLAIM_STALE_AFTER = datetime.timedelta(minutes=10)


def portal_url() -> str:
    return str(settings.PORTAL_URL).rstrip("/")


def absolute(link: str) -> str:
    return link if link.startswith(("http://", "https://")) or not link else portal_url() + link


@dataclass(frozen=True)
class Calendar:
    """An iCalendar file to attach: its text and METHOD (PUBLISH or CANCEL)."""

    ics: str
    method: str = "PUBLISH"


def notify(
    *,
    recipient: User | None,
    kind: str,
    context: dict[str, Any],
    link: str = "",
    link_text: str = "",
    email: str = "",
    calendar: Calendar | None = None,
    attachment: str = "",
    attachment_filename: str = "",
    once_key: str = "",
) -> Notification | None:
    """Tell one person about a change, in the caller's transaction; emailed after commit.

    ``recipient`` is the person in the portal (or None with ``email`` for someone without an
    account); ``link`` is the one thing to do (a path or URL); ``attachment`` a stored file.
    A switched-off optional kind is still listed on the person's Notifications page.
    With ``once_key``, a message already written under that key is not written again (None).
    """
    spec = get_kind(kind)
    if once_key and Notification.objects.filter(once_key=once_key).exists():
        return None
    address = email or (recipient.email if recipient else "")
    if not address:
        raise ValueError("A notification needs a recipient or an email address.")
    switched_off = (
        recipient is not None
        and spec.switch is not None
        and SwitchedOff.objects.filter(user=recipient, switch=spec.switch).exists()
    )
    url = absolute(link)
    full_context = {
        **context,
        "recipient": recipient,
        "link": url,
        "link_text": link_text,
        "portal_url": portal_url(),
        "portal_name": PORTAL_NAME,
    }
    subject, text, html = render_email(spec.template, full_context)
    return queue_email(
        recipient=recipient,
        email=address,
        kind=kind,
        subject=subject,
        text=text,
        html=html,
        link=url,
        link_text=link_text,
        calendar=calendar,
        attachment=attachment,
        attachment_filename=attachment_filename,
        switched_off=switched_off,
        once_key=once_key,
    )


def queue_email(
    *,
    recipient: User | None,
    email: str,
    kind: str,
    subject: str,
    text: str,
    html: str,
    link: str = "",
    link_text: str = "",
    calendar: Calendar | None = None,
    attachment: str = "",
    attachment_filename: str = "",
    switched_off: bool = False,
    once_key: str = "",
) -> Notification:
    """Write one already-rendered email to the outbox and send it after commit.

    ``notify`` renders the portal's templates and calls this; the account emails (rendered
    by allauth from the portal's templates) call it directly.
    """
    get_kind(kind)
    fields = dict(
        recipient=recipient,
        email=email,
        kind=kind,
        subject=subject[:250],
        body_text=text,
        body_html=html,
        link_url=link,
        link_text=link_text,
        calendar_ics=calendar.ics if calendar else "",
        calendar_method=calendar.method if calendar else "",
        attachment=attachment,
        attachment_filename=attachment_filename,
        status=Status.NOT_EMAILED if switched_off else Status.PENDING,
        next_attempt_at=timezone.now(),
        once_key=once_key,
    )
    if once_key:
        try:
            with transaction.atomic():  # a savepoint: a second writer of the key loses cleanly
                notification = Notification.objects.create(**fields)
        except IntegrityError:
            return Notification.objects.get(once_key=once_key)
    else:
        notification = Notification.objects.create(**fields)
    if not switched_off:
        transaction.on_commit(functools.partial(_publish, notification.pk))
    return notification


def render_email(template: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """The subject (one line), plain text and HTML of one email from the portal's templates."""
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    text = render_to_string(f"emails/{template}_body.txt", context)
    html = render_to_string(f"emails/{template}_body.html", context)
    return subject, text, html


def _publish(notification_id: int) -> None:
    """Queue the send; with the task service unreachable the row waits for the sweep."""
    from improvement_portal.celery import BROKER_ERRORS
    from notifications import tasks

    try:
        tasks.send_notification.apply_async((notification_id,))
    except BROKER_ERRORS as error:
        logger.warning(
            "Task service unreachable (%s): notification %s waits", error, notification_id
        )


# Delivery -------------------------------------------------------------------------------


def claim_notification(
    *, notification_id: int, token: str, now: datetime.datetime | None = None
) -> bool:
    """Take one row for sending; True for exactly one claimant.

    A waiting row may be taken by anyone; a row already claimed only by the same message
    delivered again (a worker lost mid-send) or, once its claim is stale, by the sweep.
    """
    now = now or timezone.now()
    claimable = Q(status=Status.PENDING, next_attempt_at__lte=now) | Q(
        status=Status.SENDING, claimed_at__lt=now - CLAIM_STALE_AFTER
    )
    if token:
        claimable |= Q(status=Status.SENDING, claim_token=token)
    return (
        Notification.objects.filter(claimable, pk=notification_id).update(
            status=Status.SENDING, claimed_at=now, claim_token=token
        )
        == 1
    )


def deliver_notification(
    *, notification_id: int, token: str = "", now: datetime.datetime | None = None
) -> bool:
    """Claim one row and email it; True if this call sent it. A sent row is never resent."""
    token = token or uuid.uuid4().hex
    if not claim_notification(notification_id=notification_id, token=token, now=now):
        return False
    with transaction.atomic():
        # Read under a row lock: a sweep that took over a slow send cannot send it as well.
        notification = (
            Notification.objects.select_for_update()
            .filter(pk=notification_id, status=Status.SENDING, claim_token=token)
            .first()
        )
        if notification is None:
            return False
        Notification.objects.filter(pk=notification_id).update(attempts=notification.attempts + 1)
    try:
        build_message(notification).send()
    except Exception as error:  # every failure is recorded on the row, for the sweep or a PM
        _record_failure(notification, error, token)
        return False
    Notification.objects.filter(pk=notification_id, claim_token=token).update(
        status=Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def build_message(notification: Notification) -> Any:
    """The email for one row: plain text, HTML, and the calendar file or attachment if any."""
    from email.mime.text import MIMEText

    from django.core.mail import EmailMultiAlternatives

    message = EmailMultiAlternatives(
        subject=notification.subject, body=notification.body_text, to=[notification.email]
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    message.extra_headers["X-Portal-Notification"] = str(notification.pk)
    if notification.calendar_ics:
        part = MIMEText(notification.calendar_ics, "calendar", "utf-8")
        part.set_param("method", notification.calendar_method or "PUBLISH")
        part.add_header("Content-Disposition", "attachment", filename="event.ics")
        message.attach(part)
    if notification.attachment:
        with default_storage.open(notification.attachment, "rb") as stored:
            message.attach(
                notification.attachment_filename or "attachment.pdf",
                stored.read(),
                "application/pdf",
            )
    return message


def _record_failure(notification: Notification, error: Exception, token: str) -> None:
    attempts = notification.attempts + 1
    reason = describe_failure(error)
    permanent = isinstance(error, smtplib.SMTPRecipientsRefused)
    logger.warning("Notification %s not sent (attempt %s): %s", notification.pk, attempts, reason)
    if permanent or attempts >= MAX_ATTEMPTS:
        fields: dict[str, Any] = {"status": Status.FAILED}
    else:
        fields = {
            "status": Status.PENDING,
            "next_attempt_at": timezone.now() + RETRY_AFTER[attempts - 1],
        }
    Notification.objects.filter(pk=notification.pk, claim_token=token).update(
        last_error=reason[:500], **fields
    )


def describe_failure(error: Exception) -> str:
    """The reason in words a programme manager can act on."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "The mail server refused the address. Check the person's email address."
    if isinstance(error, FileNotFoundError):
        return "The attached file is no longer stored."
    if isinstance(error, smtplib.SMTPException | OSError):
        return f"The mail server could not be reached or refused the message ({error})."
    return f"The message could not be sent ({error.__class__.__name__}: {error})."


def send_due_notifications(*, now: datetime.datetime | None = None, limit: int = 200) -> int:
    """Periodic sweep: send rows left waiting (task service down, worker lost, retry due)."""
    now = now or timezone.now()
    due = Notification.objects.due(now, now - CLAIM_STALE_AFTER).order_by("next_attempt_at", "pk")
    sent = 0
    for notification_id in list(due.values_list("pk", flat=True)[:limit]):
        sent += deliver_notification(notification_id=notification_id, now=now)
    return sent


@transaction.atomic
def try_again(*, notification: Notification, actor: User) -> Notification:
    """A programme manager sends an undelivered message again (after fixing the address)."""
    from django.core.exceptions import PermissionDenied

    if not actor.is_programme_manager:
        raise PermissionDenied
    updated = Notification.objects.filter(pk=notification.pk, status=Status.FAILED).update(
        status=Status.PENDING, attempts=0, next_attempt_at=timezone.now(), last_error=""
    )
    if updated:
        transaction.on_commit(functools.partial(_publish, notification.pk))
    notification.refresh_from_db()
    return notification


# The person's own list and switches -------------------------------------------------------


def mark_read(*, notification: Notification, actor: User) -> Notification:
    """Mark one of the person's own notifications as read (idempotent)."""
    from django.core.exceptions import PermissionDenied

    if notification.recipient_id != actor.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def mark_all_read(*, actor: User) -> int:
    """Mark every unread notification of the person as read."""
    return Notification.objects.for_recipient(actor).unread().update(read_at=timezone.now())


@transaction.atomic
def set_switches(*, user: User, switched_on: set[str]) -> None:
    """Keep the person's choice of optional emails: every switch not in ``switched_on`` is off."""
    from notifications.kinds import SWITCHES

    unknown = switched_on - set(SWITCHES)
    if unknown:
        raise ValueError(f"Unknown switches: {sorted(unknown)}")
    SwitchedOff.objects.filter(user=user, switch__in=switched_on).delete()
    for switch in set(SWITCHES) - switched_on:
        SwitchedOff.objects.get_or_create(user=user, switch=switch)
