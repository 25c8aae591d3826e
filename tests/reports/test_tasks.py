"""The report task: retries only transient errors, survives a lost worker, runs on a real worker."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from accounts.roles import Role
from improvement_portal.celery import app
from reports import builders, services, tasks
from reports.models import EvaluationReport
from tests.factories.accounts import UserFactory
from tests.factories.reports import EvaluationReportFactory

Status = EvaluationReport.Status


@pytest.mark.django_db
def test_the_task_retries_a_transient_storage_failure_and_then_succeeds(history, monkeypatch):
    report = EvaluationReportFactory()
    saves = []
    real_save = default_storage.save

    def flaky_save(name, content, *args, **kwargs):
        saves.append(name)
        if len(saves) == 1:
            raise ConnectionError("the file store did not answer")
        return real_save(name, content, *args, **kwargs)

    monkeypatch.setattr(default_storage, "save", flaky_save)
    # throw=False: run the retry Celery schedules, in-process, instead of raising it.
    result = tasks.generate_report.apply(args=[report.pk], throw=False)

    report.refresh_from_db()
    assert report.status == Status.DONE
    assert report.attempts == 2  # the failed try, then the retry
    assert saves[0] == saves[1] == f"reports/{report.file_stem()}.pdf"
    assert result.successful()


@pytest.mark.django_db
def test_the_task_does_not_retry_other_errors(monkeypatch):
    report = EvaluationReportFactory()
    calls = []

    def broken(scope):
        calls.append(scope)
        raise KeyError("strand")

    monkeypatch.setattr(builders, "build_evaluation", broken)
    tasks.generate_report.apply(args=[report.pk])

    report.refresh_from_db()
    assert report.status == Status.FAILED
    assert len(calls) == 1


def test_a_killed_worker_hands_the_task_back_rather_than_losing_it():
    task = tasks.generate_report
    assert task.acks_late is True
    assert task.reject_on_worker_lost is True
    assert set(task.autoretry_for) == set(services.TRANSIENT_ERRORS)
    schedule = app.conf.beat_schedule["requeue-stale-reports"]
    assert schedule["task"] == tasks.requeue_stale_reports.name


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_prepares_the_report_through_redis(use_broker):
    from celery.contrib.testing.worker import start_worker

    use_broker("redis://127.0.0.1:6379/14")
    app.connection_for_write().default_channel.client.flushdb()
    manager = UserFactory(email="worker-manager@example.org", role=Role.PROGRAMME_MANAGER)

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        report = services.request_report(
            start=date(2018, 4, 1), end=date(2020, 3, 31), as_of=None, region=None, actor=manager
        )
        assert report.enqueued_at is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            report.refresh_from_db()
            if report.is_finished:
                break
            time.sleep(0.2)

    assert report.status == Status.DONE, report.error
    assert report.pdf.name.endswith(".pdf")
    assert default_storage.exists(report.pdf.name)


@pytest.mark.django_db
def test_a_worker_starting_resumes_a_report_whose_worker_died(history):
    report = EvaluationReportFactory(status=Status.RUNNING, progress=45, attempts=1)
    silent_since = timezone.now() - services.RUNNING_STALE_AFTER - timedelta(seconds=1)
    EvaluationReport.objects.filter(pk=report.pk).update(updated_at=silent_since)

    tasks.resume_reports(sender=None)  # what the worker_ready signal calls

    report.refresh_from_db()
    assert (report.status, report.attempts) == (Status.DONE, 2)


def test_a_starting_worker_sweeps_again_once_a_dead_workers_heartbeat_is_overdue(monkeypatch):
    sent: list[dict] = []
    monkeypatch.setattr(tasks.requeue_stale_reports, "delay", lambda: sent.append({}))
    monkeypatch.setattr(
        tasks.requeue_stale_reports, "apply_async", lambda **options: sent.append(options)
    )

    tasks.resume_reports(sender=None)

    assert sent == [{}, {"countdown": services.RUNNING_STALE_AFTER.total_seconds() + 1}]
    assert services.HEARTBEAT_EVERY * 6 <= services.RUNNING_STALE_AFTER <= timedelta(seconds=30)
    assert app.conf.beat_schedule["requeue-stale-reports"]["schedule"] <= 30


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_long_step_keeps_the_report_fresh_with_a_heartbeat(monkeypatch, settings):
    """While one step runs long, the row is touched, so no sweep takes a live worker's report."""
    settings.CELERY_TASK_ALWAYS_EAGER = False  # as in a worker
    monkeypatch.setattr(services, "HEARTBEAT_EVERY", timedelta(seconds=0.05))
    report = EvaluationReportFactory()
    beats: list[object] = []
    real_html_to_pdf = services.document.html_to_pdf

    def long_layout(html: str) -> bytes:
        claimed = EvaluationReport.objects.get(pk=report.pk).updated_at
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not beats:
            touched = EvaluationReport.objects.get(pk=report.pk).updated_at
            if touched > claimed:
                beats.append(touched)
            time.sleep(0.01)
        return real_html_to_pdf(html)

    monkeypatch.setattr(services.document, "html_to_pdf", long_layout)

    services.generate_report(report_id=report.pk, task_id="message-1")

    report.refresh_from_db()
    assert beats, "the row was not touched while the layout ran"
    assert report.status == Status.DONE
