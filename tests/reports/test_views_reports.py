"""The reports pages: requesting a report, its progress, downloads and exports, for each role."""

from __future__ import annotations

import csv
import html
import io
import time
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.roles import Role
from reports import services
from reports.models import PROGRESS_STALLED_AFTER, EvaluationReport
from tests.factories.accounts import UserFactory
from tests.factories.councils import CouncilFactory
from tests.factories.reports import EvaluationReportFactory, done_report, engagement

pytestmark = pytest.mark.django_db

Status = EvaluationReport.Status
FORBIDDEN_ROLES = ["improvement_adviser", "associate", "councillor"]


def content(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


# The list and request page


def test_a_programme_manager_sees_the_request_form_and_every_report(
    login, programme_manager, london, leeds
):
    national = EvaluationReportFactory(requested_by=programme_manager)
    regional = EvaluationReportFactory(requested_by=programme_manager, region=leeds.region)

    response = login(programme_manager).get(reverse("reports:list"))

    assert response.status_code == 200
    page = response.content.decode()
    assert '<h1 class="govuk-heading-xl">Evaluation reports</h1>' in page
    # An option of the period select, as the reader sees it (escaping differs by engine).
    assert "April 2018 to March 2020 (the independent evaluation's period)" in html.unescape(page)
    assert "England (every region)" in page
    assert national.get_absolute_url() in page
    assert regional.get_absolute_url() in page


def test_a_principal_adviser_sees_only_reports_for_their_region(
    login, principal_adviser, london, leeds
):
    theirs = EvaluationReportFactory(region=london)
    national = EvaluationReportFactory()
    elsewhere = EvaluationReportFactory(region=leeds.region)

    response = login(principal_adviser).get(reverse("reports:list"))

    page = response.content.decode()
    assert theirs.get_absolute_url() in page
    assert national.get_absolute_url() not in page
    assert elsewhere.get_absolute_url() not in page
    assert "England (every region)" not in page  # no national reports for a PA


@pytest.mark.parametrize("persona", FORBIDDEN_ROLES)
def test_other_roles_may_not_use_reports(request, login, persona, programme_manager):
    report = done_report(requested_by=programme_manager)
    client = login(request.getfixturevalue(persona))

    for url in [
        reverse("reports:list"),
        reverse("reports:detail", args=[report.pk]),
        reverse("reports:progress", args=[report.pk]),
        reverse("reports:pdf", args=[report.pk]),
        reverse("reports:xlsx", args=[report.pk]),
        reverse("reports:csv", args=[report.pk, "councils-engaged"]),
    ]:
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("reports:list"), {"period": "fy2019"}).status_code == 403
    assert EvaluationReport.objects.count() == 1


def test_the_list_runs_the_same_queries_for_more_reports(
    login, programme_manager, london, django_assert_num_queries
):
    client = login(programme_manager)
    EvaluationReportFactory.create_batch(2, requested_by=programme_manager)
    client.get(reverse("reports:list"))  # warm the session and the content types

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("reports:list"))
    EvaluationReportFactory.create_batch(15, requested_by=programme_manager, region=london)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(reverse("reports:list"))
    assert response.content.decode().count("govuk-table__row") == 18  # header and 17 reports


def test_requesting_a_preset_period_prepares_the_report(login, programme_manager, camden):
    engagement(camden, date(2019, 6, 1), "2")

    response = login(programme_manager).post(
        reverse("reports:list"), {"period": "2018-2020", "region": ""}, follow=True
    )

    report = EvaluationReport.objects.get()
    assert response.redirect_chain == [(report.get_absolute_url(), 302)]
    assert (report.start, report.end, report.as_of) == (
        date(2018, 4, 1),
        date(2020, 3, 31),
        date(2020, 3, 31),
    )
    assert report.region is None
    assert report.requested_by == programme_manager
    assert report.status == Status.DONE  # tasks run in-process in these tests
    page = response.content.decode()
    assert "Your report is being prepared." in page
    assert "Download the report (PDF)" in page
    assert "data-poll-url" not in page  # finished: nothing to poll


def test_requesting_a_financial_year_for_a_region(login, programme_manager, london):
    login(programme_manager).post(
        reverse("reports:list"),
        {"period": "fy2019", "region": london.pk, "as_of": "2020-12-31"},
    )

    report = EvaluationReport.objects.get()
    assert (report.start, report.end, report.as_of, report.region) == (
        date(2019, 4, 1),
        date(2020, 3, 31),
        date(2020, 12, 31),
        london,
    )


def test_another_period_needs_both_dates_in_order(login, programme_manager):
    client = login(programme_manager)

    missing = client.post(reverse("reports:list"), {"period": "custom"})
    backwards = client.post(
        reverse("reports:list"),
        {"period": "custom", "start": "2020-04-01", "end": "2019-03-31"},
    )
    early_as_of = client.post(reverse("reports:list"), {"period": "fy2019", "as_of": "2019-12-31"})

    assert "Enter the start of the period" in missing.content.decode()
    assert "Enter the end of the period" in missing.content.decode()
    assert "govuk-error-summary" in missing.content.decode()
    assert missing.content.decode().startswith("<!DOCTYPE html>")
    assert "The end of the period must be on or after its start" in backwards.content.decode()
    assert (
        "The date for counting inspections must be on or after the end of the period"
        in early_as_of.content.decode()
    )
    assert EvaluationReport.objects.count() == 0


def test_a_principal_adviser_cannot_request_a_national_or_another_regions_report(
    login, principal_adviser, london, leeds
):
    client = login(principal_adviser)

    national = client.post(reverse("reports:list"), {"period": "fy2019", "region": ""})
    elsewhere = client.post(
        reverse("reports:list"), {"period": "fy2019", "region": leeds.region.pk}
    )

    assert "Choose your region" in national.content.decode()
    assert "Choose England or one of the regions" in elsewhere.content.decode()
    assert EvaluationReport.objects.count() == 0

    client.post(reverse("reports:list"), {"period": "fy2019", "region": london.pk})
    assert EvaluationReport.objects.get().region == london


# Progress and the report page


def test_the_report_page_polls_for_progress_while_the_report_is_prepared(login, programme_manager):
    report = EvaluationReportFactory(
        requested_by=programme_manager,
        status=Status.RUNNING,
        progress=45,
        stage="Laying out the PDF",
    )
    client = login(programme_manager)

    page = client.get(report.get_absolute_url()).content.decode()
    fragment = client.get(reverse("reports:progress", args=[report.pk]))

    poll_url = reverse("reports:progress", args=[report.pk])
    assert f'data-poll-url="{poll_url}"' in page
    assert "45% done: Laying out the PDF." in page
    assert fragment.status_code == 200
    assert "no-store" in fragment["Cache-Control"]
    assert 'value="45"' in fragment.content.decode()
    assert "data-poll-stop" not in fragment.content.decode()


def test_a_report_whose_progress_has_stopped_says_it_waits_for_the_task_service(
    login, programme_manager
):
    report = EvaluationReportFactory(
        requested_by=programme_manager,
        status=Status.RUNNING,
        progress=45,
        stage="Laying out the PDF",
    )
    last_progress = timezone.now() - PROGRESS_STALLED_AFTER - timedelta(seconds=1)
    EvaluationReport.objects.filter(pk=report.pk).update(updated_at=last_progress)
    client = login(programme_manager)

    fragment = client.get(reverse("reports:progress", args=[report.pk])).content.decode()

    assert "Waiting for the task service — it will resume automatically." in fragment
    shown = timezone.localtime(last_progress)
    assert f"The last progress was at {shown:%H:%M:%S} on {shown.day} {shown:%B %Y}" in fragment
    assert "45%" not in fragment and "<progress" not in fragment
    assert "data-poll-stop" not in fragment  # it keeps polling, to show the work resume


def test_a_report_whose_worker_is_alive_shows_its_progress(login, programme_manager):
    report = EvaluationReportFactory(
        requested_by=programme_manager, status=Status.RUNNING, progress=45, stage="Laying out"
    )
    heartbeat = timezone.now() - PROGRESS_STALLED_AFTER + timedelta(seconds=5)
    EvaluationReport.objects.filter(pk=report.pk).update(updated_at=heartbeat)

    fragment = login(programme_manager).get(reverse("reports:progress", args=[report.pk]))

    assert "45% done: Laying out." in fragment.content.decode()
    assert "Waiting for the task service" not in fragment.content.decode()


def test_the_progress_fragment_stops_polling_with_the_downloads_once_done(login, programme_manager):
    report = done_report(requested_by=programme_manager)

    fragment = login(programme_manager).get(reverse("reports:progress", args=[report.pk]))

    html = fragment.content.decode()
    assert "data-poll-stop" in html
    assert reverse("reports:pdf", args=[report.pk]) in html
    assert reverse("reports:xlsx", args=[report.pk]) in html
    assert reverse("reports:csv", args=[report.pk, "leadership"]) in html
    # Nothing was recorded in the period: the headline says so in words, not as a bare 0.
    assert "No adviser engagement was recorded in the period" in html


def test_a_failed_report_says_why_and_stops_polling(login, programme_manager):
    report = EvaluationReportFactory(
        requested_by=programme_manager,
        status=Status.FAILED,
        error="The report took too long to prepare and was stopped. Try a shorter period.",
    )

    html = login(programme_manager).get(reverse("reports:progress", args=[report.pk])).content
    assert b"data-poll-stop" in html
    assert b"The report took too long to prepare" in html


def test_a_principal_adviser_cannot_see_another_regions_report(
    login, principal_adviser, london, leeds
):
    report = done_report(region=leeds.region)
    client = login(principal_adviser)

    for name in ["reports:detail", "reports:progress", "reports:pdf", "reports:xlsx"]:
        assert client.get(reverse(name, args=[report.pk])).status_code == 404, name
    assert client.get(reverse("reports:csv", args=[report.pk, "leadership"])).status_code == 404


def test_a_principal_adviser_downloads_their_regions_report(login, principal_adviser, london):
    report = done_report(region=london)

    response = login(principal_adviser).get(reverse("reports:pdf", args=[report.pk]))

    assert response.status_code == 200
    assert content(response).startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"{report.file_stem()}.pdf" in response["Content-Disposition"]


# Downloads and exports


def test_downloads_wait_until_the_report_is_done(login, programme_manager):
    report = EvaluationReportFactory(requested_by=programme_manager, status=Status.RUNNING)
    client = login(programme_manager)

    assert client.get(reverse("reports:pdf", args=[report.pk])).status_code == 404
    assert client.get(reverse("reports:xlsx", args=[report.pk])).status_code == 404
    assert client.get(reverse("reports:csv", args=[report.pk, "leadership"])).status_code == 404


def test_each_council_level_table_exports_as_csv(login, programme_manager, camden, islington):
    engagement(camden, date(2019, 6, 1), "2")
    engagement(islington, date(2019, 7, 1), "1.5")
    engagement(camden, date(2019, 8, 1), "0.5")
    report = done_report(requested_by=programme_manager)

    response = login(programme_manager).get(
        reverse("reports:csv", args=[report.pk, "councils-engaged"])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(content(response).decode())))
    assert rows == [
        [
            "Council",
            "GSS code",
            "Region",
            "First engagement in the period",
            "Engagements",
            "Adviser days",
        ],
        ["Camden", "E09000007", "London", "2019-06-01", "2", "2.5"],
        ["Islington", "E09000019", "London", "2019-07-01", "1", "1.5"],
    ]


def test_an_unknown_table_is_not_found(login, programme_manager):
    report = done_report(requested_by=programme_manager)

    response = login(programme_manager).get(reverse("reports:csv", args=[report.pk, "secrets"]))

    assert response.status_code == 404


def test_exports_never_turn_a_name_into_a_formula(login, programme_manager, london):
    council = CouncilFactory(name='=HYPERLINK("http://evil.example","Camden")', region=london)
    engagement(council, date(2019, 6, 1))
    report = done_report(requested_by=programme_manager)
    client = login(programme_manager)

    csv_text = content(client.get(reverse("reports:csv", args=[report.pk, "councils-engaged"])))
    workbook_bytes = content(client.get(reverse("reports:xlsx", args=[report.pk])))

    rows = list(csv.reader(io.StringIO(csv_text.decode())))
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example","Camden")'
    sheet = load_workbook(io.BytesIO(workbook_bytes))["Councils engaged"]
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == '=HYPERLINK("http://evil.example","Camden")'


def test_the_workbook_has_a_summary_and_every_table(login, programme_manager, camden):
    engagement(camden, date(2019, 6, 1), "2")
    report = done_report(requested_by=programme_manager)

    response = login(programme_manager).get(reverse("reports:xlsx", args=[report.pk]))

    workbook = load_workbook(io.BytesIO(content(response)))
    assert workbook.sheetnames[0] == "Summary"
    assert "Councils engaged" in workbook.sheetnames
    assert "Peer challenges completed" in workbook.sheetnames
    summary = {row[0]: row[1] for row in workbook["Summary"].iter_rows(values_only=True)}
    assert summary["Councils engaged"] == 1
    assert summary["Adviser days"] == 2


# The task service is down


def test_with_redis_down_the_request_answers_quickly_and_the_report_waits(
    login, programme_manager, use_broker
):
    use_broker("redis://127.0.0.1:1/0")  # nothing listens on port 1
    client = login(programme_manager)

    started = time.monotonic()
    response = client.post(reverse("reports:list"), {"period": "fy2019"}, follow=True)
    elapsed = time.monotonic() - started

    assert elapsed < 2
    assert response.status_code == 200
    report = EvaluationReport.objects.get()
    assert (report.status, report.enqueued_at) == (Status.QUEUED, None)
    page = response.content.decode()
    assert "Your report is queued and will start when the task service is back" in page
    assert 'data-poll-url="' in page


def test_the_sweep_starts_a_report_queued_while_redis_was_down(
    login, programme_manager, use_broker, settings
):
    use_broker("redis://127.0.0.1:1/0")
    login(programme_manager).post(reverse("reports:list"), {"period": "fy2019"})
    report = EvaluationReport.objects.get()
    assert report.enqueued_at is None

    settings.CELERY_TASK_ALWAYS_EAGER = True  # the task service is back
    assert services.requeue_stale_reports() == 1

    report.refresh_from_db()
    assert report.status == Status.DONE


def test_a_programme_manager_sees_another_managers_report(login, programme_manager):
    colleague = UserFactory(email="colleague@example.org", role=Role.PROGRAMME_MANAGER)
    report = done_report(requested_by=colleague)

    response = login(programme_manager).get(report.get_absolute_url())

    assert response.status_code == 200
    assert "Download the report (PDF)" in response.content.decode()
