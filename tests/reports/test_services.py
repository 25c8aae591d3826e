"""Preparing a report: the claim, the files, failures, and the sweep that recovers stuck reports."""

from __future__ import annotations

import datetime
import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from accounts.roles import Role
from reports import builders, services
from reports.models import EvaluationReport
from tests.factories.accounts import UserFactory
from tests.factories.reports import EvaluationReportFactory

pytestmark = pytest.mark.django_db

Status = EvaluationReport.Status


def pdf_text(report: EvaluationReport) -> str:
    with report.pdf.open("rb") as file:
        reader = PdfReader(io.BytesIO(file.read()))
    # Words only: the PDF wraps lines wherever the layout needs.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def manager():
    return UserFactory(email="manager@example.org", role=Role.PROGRAMME_MANAGER)


def test_a_report_is_prepared_with_its_figures_pdf_and_workbook(history, manager, stored_files):
    report = EvaluationReportFactory(requested_by=manager)

    services.generate_report(report_id=report.pk)

    report.refresh_from_db()
    assert report.status == Status.DONE
    assert (report.progress, report.stage, report.error) == (100, "Ready", "")
    assert report.started_at <= report.finished_at
    assert report.attempts == 1
    assert report.metrics["councils_engaged"] == 8
    assert report.metrics["leadership"]["percent_improved_or_maintained"] == 75.0
    assert stored_files() == [f"{report.file_stem()}.pdf", f"{report.file_stem()}.xlsx"]
    with report.xlsx.open("rb") as file:
        workbook = load_workbook(io.BytesIO(file.read()))
    assert workbook["Councils engaged"]["A2"].value == "Anyshire"


def test_the_pdf_shows_the_headline_figures(history, manager):
    # Names are text in the PDF: markup in one is shown, never fetched.
    dunmore = history["Dunmore"]
    dunmore.name = 'Dunmore <img src="file:///etc/passwd">'
    dunmore.save(update_fields=["name"])
    report = EvaluationReportFactory(requested_by=manager)

    services.generate_report(report_id=report.pk)

    text = pdf_text(EvaluationReport.objects.get(pk=report.pk))
    assert "Evaluation of the children's services improvement programme" in text
    assert "England, 1 April 2018 to 31 March 2020" in text
    assert "8 councils where advisers spent time" in text
    assert "11.5 adviser days" in text
    assert "75.0% of councils improved or maintained their Ofsted leadership judgement" in text
    assert (
        "16.7% decrease in councils judged requires improvement or inadequate "
        "(6 at the start, 5 at the end)"
    ) in text
    assert "Hollowmere" in text  # the council-level tables are in the PDF too
    assert 'Dunmore <img src="file:///etc/passwd">' in text
    assert "root:" not in text
    assert "Definitions and data notes" in text


def test_a_regional_report_covers_only_that_region(history, manager):
    report = EvaluationReportFactory(requested_by=manager, region=history["Dunmore"].region)

    services.generate_report(report_id=report.pk)

    report.refresh_from_db()
    assert report.metrics["councils_engaged"] == 4
    assert report.metrics["ri_or_inadequate"]["percent_change"] == -50.0
    text = pdf_text(report)
    assert "South, 1 April 2018 to 31 March 2020" in text
    assert "Anyshire" not in text


def test_running_twice_leaves_one_pdf(history, manager, stored_files):
    report = EvaluationReportFactory(requested_by=manager)

    services.generate_report(report_id=report.pk)
    first = EvaluationReport.objects.get(pk=report.pk)
    services.generate_report(report_id=report.pk)

    second = EvaluationReport.objects.get(pk=report.pk)
    assert second.attempts == 1  # the second run found nothing to claim
    assert second.pdf.name == first.pdf.name
    assert second.finished_at == first.finished_at
    assert [name for name in stored_files() if name.endswith(".pdf")] == [
        f"{report.file_stem()}.pdf"
    ]


def test_a_report_being_prepared_elsewhere_is_left_alone(manager):
    report = EvaluationReportFactory(
        requested_by=manager, status=Status.RUNNING, started_at=timezone.now(), progress=40
    )

    services.generate_report(report_id=report.pk)

    report.refresh_from_db()
    assert (report.status, report.progress, report.attempts) == (Status.RUNNING, 40, 0)


def test_a_report_whose_worker_died_is_prepared_again_over_the_same_file(
    history, manager, stored_files
):
    report = EvaluationReportFactory(requested_by=manager)
    services.generate_report(report_id=report.pk)
    name = EvaluationReport.objects.get(pk=report.pk).pdf.name
    silent_since = timezone.now() - services.RUNNING_STALE_AFTER - datetime.timedelta(seconds=1)
    EvaluationReport.objects.filter(pk=report.pk).update(
        status=Status.RUNNING, updated_at=silent_since
    )

    services.generate_report(report_id=report.pk)

    report.refresh_from_db()
    assert report.status == Status.DONE
    assert report.attempts == 2
    assert report.pdf.name == name
    assert stored_files() == [f"{report.file_stem()}.pdf", f"{report.file_stem()}.xlsx"]


def test_an_unexpected_error_fails_the_report_with_a_readable_message(manager, monkeypatch):
    report = EvaluationReportFactory(requested_by=manager)

    def broken(scope):
        raise ValueError("a table has no columns")

    monkeypatch.setattr(builders, "build_evaluation", broken)
    services.generate_report(report_id=report.pk)

    report.refresh_from_db()
    assert report.status == Status.FAILED
    assert report.error.startswith("The report could not be prepared because of an unexpected")
    assert "a table has no columns" in report.error
    assert "Request it again" in report.error
    assert report.finished_at is not None


def test_a_transient_error_puts_the_report_back_in_the_queue_and_is_raised(manager, monkeypatch):
    report = EvaluationReportFactory(requested_by=manager)

    def unreachable(scope):
        raise ConnectionResetError("storage went away")

    monkeypatch.setattr(builders, "build_evaluation", unreachable)
    with pytest.raises(ConnectionResetError):
        services.generate_report(report_id=report.pk)

    report.refresh_from_db()
    assert (report.status, report.progress, report.attempts) == (Status.QUEUED, 0, 1)


def test_request_report_stores_the_request_and_prepares_it(history, manager):
    report = services.request_report(
        start=date(2018, 4, 1), end=date(2020, 3, 31), as_of=None, region=None, actor=manager
    )

    report.refresh_from_db()
    assert report.as_of == date(2020, 3, 31)  # defaults to the end of the period
    assert report.requested_by == manager
    assert report.enqueued_at is not None
    assert report.status == Status.DONE  # tasks run in-process in these tests


def test_a_sweep_while_a_report_is_being_handed_over_does_not_send_it_twice(manager, monkeypatch):
    from reports import tasks

    published: list[int] = []
    monkeypatch.setattr(
        tasks.generate_report, "apply_async", lambda args, **options: published.append(args[0])
    )
    handing_over = services.enqueue_report

    def a_worker_starts_and_sweeps_first(report: EvaluationReport) -> bool:
        services.requeue_stale_reports()
        return handing_over(report)

    monkeypatch.setattr(services, "enqueue_report", a_worker_starts_and_sweeps_first)

    report = services.request_report(
        start=date(2018, 4, 1), end=date(2020, 3, 31), as_of=None, region=None, actor=manager
    )

    assert published == [report.pk]


def test_a_principal_adviser_may_request_reports_for_their_own_region_only(
    principal_adviser, london, leeds
):
    with pytest.raises(PermissionDenied):
        services.request_report(
            start=date(2018, 4, 1),
            end=date(2020, 3, 31),
            as_of=None,
            region=None,
            actor=principal_adviser,
        )
    with pytest.raises(PermissionDenied):
        services.request_report(
            start=date(2018, 4, 1),
            end=date(2020, 3, 31),
            as_of=None,
            region=leeds.region,
            actor=principal_adviser,
        )

    report = services.request_report(
        start=date(2018, 4, 1),
        end=date(2020, 3, 31),
        as_of=None,
        region=london,
        actor=principal_adviser,
    )
    assert report.region == london


def test_request_report_refuses_a_period_that_ends_before_it_starts(manager):
    with pytest.raises(ValidationError):
        services.request_report(
            start=date(2020, 4, 1), end=date(2019, 3, 31), as_of=None, region=None, actor=manager
        )
    assert not EvaluationReport.objects.exists()


def test_the_sweep_requeues_reports_never_handed_over_or_whose_worker_died(history, manager):
    now = timezone.now()
    never_handed_over = EvaluationReportFactory(requested_by=manager, enqueued_at=None)
    worker_died = EvaluationReportFactory(
        requested_by=manager,
        status=Status.RUNNING,
        started_at=now - datetime.timedelta(minutes=2),
        enqueued_at=now - datetime.timedelta(minutes=2),
        attempts=1,
    )
    # Started as long ago, but its worker's heartbeat is recent: it is still being prepared.
    still_running = EvaluationReportFactory(
        requested_by=manager,
        status=Status.RUNNING,
        started_at=now - datetime.timedelta(minutes=2),
        enqueued_at=now - datetime.timedelta(minutes=2),
        attempts=1,
    )
    just_queued = EvaluationReportFactory(requested_by=manager, enqueued_at=now)
    silent_since = now - services.RUNNING_STALE_AFTER - datetime.timedelta(seconds=1)
    EvaluationReport.objects.filter(pk=worker_died.pk).update(updated_at=silent_since)
    heartbeat = now - services.RUNNING_STALE_AFTER + services.HEARTBEAT_EVERY
    EvaluationReport.objects.filter(pk=still_running.pk).update(updated_at=heartbeat)

    assert services.requeue_stale_reports() == 2

    statuses = dict(EvaluationReport.objects.values_list("pk", "status"))
    assert statuses[never_handed_over.pk] == Status.DONE
    assert statuses[worker_died.pk] == Status.DONE
    assert statuses[still_running.pk] == Status.RUNNING
    assert statuses[just_queued.pk] == Status.QUEUED


def test_the_sweep_gives_up_after_too_many_attempts(manager):
    report = EvaluationReportFactory(
        requested_by=manager,
        status=Status.RUNNING,
        started_at=timezone.now() - datetime.timedelta(hours=1),
        attempts=services.MAX_ATTEMPTS,
    )
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    EvaluationReport.objects.filter(pk=report.pk).update(updated_at=an_hour_ago)

    assert services.requeue_stale_reports() == 0

    report.refresh_from_db()
    assert report.status == Status.FAILED
    assert report.error == "The report could not be prepared after 5 attempts. Request it again."
