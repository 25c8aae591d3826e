"""What the reports app can do: request a report, prepare it, and recover stuck ones.

The ``EvaluationReport`` row is the source of truth for a report's progress, never the Celery
result backend: the worker claims the row with a conditional UPDATE, records progress on it,
and marks it done or failed. While a worker prepares a report it touches the row every few
seconds (a heartbeat), so a report whose worker died is known within half a minute. Such a
report, or one that could not be handed to the task service, is found by
``requeue_stale_reports``: run by Celery beat every half minute, and by each worker as it
starts (see ``reports.tasks``), so a worker coming back resumes the work within a minute.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import threading
import uuid
from collections.abc import Iterator
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import User
from councils.models import Region
from improvement_portal import celery as celery_app
from improvement_portal import idempotency
from notifications import services as notifications
from reports import builders, document, exports, permissions
from reports.models import EvaluationReport
from reports.queries import Scope

logger = logging.getLogger(__name__)

Status = EvaluationReport.Status

# Errors worth another try: the database or the file storage was briefly out of reach.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError, OSError)
BROKER_ERRORS = celery_app.BROKER_ERRORS
# A running report's worker touches its row this often; one silent for RUNNING_STALE_AFTER
# (six missed heartbeats) has lost its worker. The page says so sooner (the model's rule).
HEARTBEAT_EVERY = datetime.timedelta(seconds=5)
RUNNING_STALE_AFTER = datetime.timedelta(seconds=30)
QUEUED_STALE_AFTER = datetime.timedelta(minutes=10)
MAX_ATTEMPTS = 5


def request_report(
    *,
    start: datetime.date,
    end: datetime.date,
    as_of: datetime.date | None,
    region: Region | None,
    actor: User,
    submission_key: uuid.UUID | None = None,
) -> EvaluationReport:
    """Store a queued report and hand it to the task service (once per ``submission_key``).

    Never raises for a task service outage: the report stays queued (``enqueued_at`` empty)
    and the sweep starts it once the service is back. Call outside a transaction, so the
    worker can read the row.
    """
    if not permissions.can_request_report(actor, region):
        raise PermissionDenied
    as_of = as_of or end
    if end < start:
        raise ValidationError("The end of the period must be on or after its start.")
    if as_of < end:
        raise ValidationError("The outcome date must be on or after the end of the period.")
    report, created = idempotency.create_once(
        EvaluationReport,
        submission_key,
        lambda: EvaluationReport.objects.create(
            start=start,
            end=end,
            as_of=as_of,
            region=region,
            requested_by=actor,
            submission_key=submission_key,
            # Being handed over: a sweep between this insert and the publish below would
            # otherwise take it for a report the task service never had, and send it twice.
            enqueued_at=timezone.now(),
        ),
        requested_by_id=actor.pk,
    )
    if created:
        enqueue_report(report)
    return report


def enqueue_report(report: EvaluationReport) -> bool:
    """Publish the task that prepares ``report``; False when the task service is unreachable."""
    from reports import tasks

    now = timezone.now()
    # Stamped before publishing: an in-process (eager) task may finish before publish returns.
    EvaluationReport.objects.filter(pk=report.pk, status=Status.QUEUED).update(
        enqueued_at=now, updated_at=now
    )
    try:
        tasks.generate_report.apply_async(args=[report.pk])
    except BROKER_ERRORS as error:
        logger.warning(
            "Report %s stays queued: the task service is unreachable (%s)", report.pk, error
        )
        EvaluationReport.objects.filter(pk=report.pk, status=Status.QUEUED).update(
            enqueued_at=None, stage="Waiting for the task service"
        )
        report.enqueued_at = None
        return False
    report.enqueued_at = now
    return True


def generate_report(*, report_id: int, task_id: str = "") -> None:
    """Claim, compute, render and store one report; running it twice leaves one PDF.

    ``task_id`` names the task message; the same message delivered again may take over the
    report at once (see ``_claim``). Transient errors put the row back in the queue and are
    raised, for the task to retry; any other error marks the report failed with a message a
    programme manager can read.
    """
    if not _claim(report_id, task_id):
        logger.info("Report %s is not waiting to be prepared; nothing to do", report_id)
        return
    report = EvaluationReport.objects.select_related("region", "requested_by").get(pk=report_id)
    try:
        with _heartbeat(report):
            _prepare(report)
    except TRANSIENT_ERRORS:
        _release(report_id)
        raise
    except SoftTimeLimitExceeded:
        _fail(
            report_id, "The report took too long to prepare and was stopped. Try a shorter period."
        )
    except Exception as error:  # any other failure must leave a readable state, not a stuck row
        logger.exception("Report %s failed", report_id)
        _fail(report_id, _failure_message(error))


def _claim(report_id: int, task_id: str = "") -> bool:
    now = timezone.now()
    waiting = Q(status=Status.QUEUED) | Q(
        status=Status.RUNNING, updated_at__lt=now - RUNNING_STALE_AFTER
    )
    if task_id:
        # The message that claimed the report, delivered again: a message is handed back
        # only when the process running it was lost (late acknowledgement), so that run is
        # over and this one carries on now rather than after the stale-report sweep.
        waiting |= Q(status=Status.RUNNING, task_id=task_id)
    claimed = (
        EvaluationReport.objects.filter(waiting, pk=report_id)
        .filter(attempts__lt=MAX_ATTEMPTS)
        .update(
            status=Status.RUNNING,
            started_at=now,
            finished_at=None,
            progress=5,
            stage="Starting",
            error="",
            attempts=F("attempts") + 1,
            task_id=task_id,
            updated_at=now,
        )
    )
    return claimed == 1


def _ours(report: EvaluationReport) -> Any:
    """The report's row while this run still holds it (no later claim has taken it over)."""
    return EvaluationReport.objects.filter(
        pk=report.pk, status=Status.RUNNING, attempts=report.attempts
    )


@contextlib.contextmanager
def _heartbeat(report: EvaluationReport) -> Iterator[None]:
    """Touch the report's row every HEARTBEAT_EVERY while the block runs, from a thread (a
    long step, such as laying out the PDF, gives no progress of its own)."""
    if celery_app.app.conf.task_always_eager:
        yield  # prepared inside this request: there is no worker to lose
        return
    stopped = threading.Event()

    def beat() -> None:
        try:
            while not stopped.wait(HEARTBEAT_EVERY.total_seconds()):
                _ours(report).update(updated_at=timezone.now())
        except TRANSIENT_ERRORS:
            logger.warning("Report %s: heartbeat stopped by a database error", report.pk)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"report-{report.pk}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stopped.set()
        thread.join(timeout=HEARTBEAT_EVERY.total_seconds() * 2)


def _progress(report: EvaluationReport, progress: int, stage: str) -> None:
    _ours(report).update(progress=progress, stage=stage, updated_at=timezone.now())


def _prepare(report: EvaluationReport) -> None:
    scope = Scope(start=report.start, end=report.end, as_of=report.as_of, region=report.region)
    _progress(report, 10, "Counting engagements, inspections, courses and mentoring")
    evaluation = builders.build_evaluation(scope)
    _progress(report, 35, "Drawing the charts and tables")
    # render_pdf in two steps, so the page can say which one is under way.
    html = document.render_html(
        evaluation,
        requested_by=str(report.requested_by or ""),
        generated_at=timezone.localtime(),
    )
    _progress(report, 45, "Laying out the PDF")
    pdf_bytes = document.html_to_pdf(html)
    _progress(report, 85, "Building the spreadsheet")
    xlsx_bytes = exports.build_workbook(evaluation)
    _progress(report, 95, "Saving the files")
    stem = f"reports/{report.file_stem()}"
    pdf_name = _store(f"{stem}.pdf", pdf_bytes, previous=report.pdf.name)
    xlsx_name = _store(f"{stem}.xlsx", xlsx_bytes, previous=report.xlsx.name)
    now = timezone.now()
    with transaction.atomic():
        done = _ours(report).update(
            status=Status.DONE,
            progress=100,
            stage="Ready",
            metrics=evaluation,
            pdf=pdf_name,
            xlsx=xlsx_name,
            finished_at=now,
            updated_at=now,
        )
        if done:
            _tell_requester(report, failed=False)


def _store(name: str, content: bytes, *, previous: str | None) -> str:
    """Write the file under a fixed name, replacing any earlier copy (re-runnable output)."""
    # A report never prepared before has no earlier file: its name is "" or None.
    for old in {name, previous or ""} - {""}:
        if default_storage.exists(old):
            default_storage.delete(old)
    return default_storage.save(name, ContentFile(content))


def _release(report_id: int) -> None:
    try:
        EvaluationReport.objects.filter(pk=report_id, status=Status.RUNNING).update(
            status=Status.QUEUED,
            progress=0,
            stage="Waiting to try again",
            updated_at=timezone.now(),
        )
    except TRANSIENT_ERRORS:  # the database is out of reach too: the sweep will find the row
        logger.warning("Could not put report %s back in the queue", report_id)


def _fail(report_id: int, message: str, *, now: datetime.datetime | None = None) -> None:
    now = now or timezone.now()
    with transaction.atomic():
        EvaluationReport.objects.filter(pk=report_id).update(
            status=Status.FAILED, stage="Failed", error=message, finished_at=now, updated_at=now
        )
        report = EvaluationReport.objects.select_related("requested_by", "region").get(pk=report_id)
        _tell_requester(report, failed=True)


def _tell_requester(report: EvaluationReport, *, failed: bool) -> None:
    """Tell whoever asked for the report that it is ready or has failed (in the transaction
    that marks it so)."""
    if report.requested_by is None or not report.requested_by.is_active:
        return
    notifications.notify(
        recipient=report.requested_by,
        kind="report_finished",
        context={"report": report, "failed": failed},
        link=report.get_absolute_url(),
        link_text="See what went wrong" if failed else "Download your report",
    )


def _failure_message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    detail = str(error).strip()[:300]
    return (
        "The report could not be prepared because of an unexpected error"
        + (f" ({type(error).__name__}: {detail})" if detail else f" ({type(error).__name__})")
        + ". Request it again; if it fails again, tell the portal team."
    )


def requeue_stale_reports(*, now: datetime.datetime | None = None) -> int:
    """Hand reports left queued or running too long to the task service again; returns how many.

    Reports that have already had ``MAX_ATTEMPTS`` tries are marked failed instead.
    """
    now = now or timezone.now()
    stale = Q(status=Status.RUNNING, updated_at__lt=now - RUNNING_STALE_AFTER) | Q(
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - QUEUED_STALE_AFTER),
        status=Status.QUEUED,
    )
    for report_id in EvaluationReport.objects.filter(stale, attempts__gte=MAX_ATTEMPTS).values_list(
        "pk", flat=True
    ):
        _fail(
            report_id,
            f"The report could not be prepared after {MAX_ATTEMPTS} attempts. Request it again.",
            now=now,
        )
    EvaluationReport.objects.filter(
        status=Status.RUNNING, updated_at__lt=now - RUNNING_STALE_AFTER
    ).update(
        status=Status.QUEUED,
        progress=0,
        stage="Waiting to start again",
        enqueued_at=None,
        updated_at=now,
    )
    requeued = 0
    for report in EvaluationReport.objects.filter(stale, status=Status.QUEUED).order_by("pk"):
        if not enqueue_report(report):
            break  # the task service is still down: the next sweep tries again
        requeued += 1
    return requeued
