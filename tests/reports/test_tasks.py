"""The report task: retries only transient errors, survives a lost worker, runs on a real worker."""

from __future__ import annotations

import time
from datetime import date

import pytest
from django.core.files.storage import default_storage

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
