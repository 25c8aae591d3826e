"""Importing an engagement log in the browser, and the list as an XLSX workbook."""

from __future__ import annotations

import io

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from advisers.models import Engagement, EngagementUpload
from tests.factories.advisers import EngagementFactory

pytestmark = pytest.mark.django_db

IMPORT = reverse("advisers:engagement-import")
HEADER = "council,adviser,date,days,strand,activity,funding,commissioned_by_dfe,summary"
GOOD = [
    "E09000007,other.cia@example.org,2024-03-04,1.5,intensive,diagnostic,free,no,Front door",
    "E09000019,other.cia@example.org,2024-03-05,0.5,lead_member,workshop,subsidised,yes,Briefing",
]
BAD_LINE = "E09999999,other.cia@example.org,2024-03-06,7,intensive,review,free,maybe,Review"
FORBIDDEN = ["principal_adviser", "improvement_adviser", "associate", "councillor"]


def csv_file(*rows: str, name: str = "log.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\n".join([HEADER, *rows]) + "\n").encode())


def upload(client, file, capture):
    """Upload, let the check run (as the worker would, after the commit), then read the page."""
    with capture(execute=True):
        response = client.post(IMPORT, {"file": file})
    return client.get(response["Location"])


def test_a_good_file_is_previewed_line_by_line_then_imported_on_confirm(
    login, programme_manager, other_cia, django_capture_on_commit_callbacks
):
    client = login(programme_manager)

    preview = upload(client, csv_file(*GOOD), django_capture_on_commit_callbacks)

    stored = EngagementUpload.objects.get()
    assert stored.status == EngagementUpload.Status.READY
    assert Engagement.objects.count() == 0
    assert "Line 2" in preview.text and "Would add: Camden, 4 March 2024, 1.5 days" in preview.text
    assert "Import: add 2 engagements" in preview.text

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("advisers:engagement-import-confirm", args=[stored.pk]))
    done = client.get(stored.get_absolute_url())

    assert "Import complete" in done.text
    assert Engagement.objects.count() == 2
    created = LogEntry.objects.filter(action=LogEntry.Action.CREATE, actor=programme_manager)
    assert created.filter(content_type__model="engagement").count() == 2


def test_a_file_with_one_bad_line_names_each_problem_and_imports_nothing(
    login, programme_manager, other_cia, django_capture_on_commit_callbacks
):
    client = login(programme_manager)

    page = upload(client, csv_file(*GOOD, BAD_LINE), django_capture_on_commit_callbacks)

    stored = EngagementUpload.objects.get()
    assert stored.status == EngagementUpload.Status.REJECTED
    assert "Line 4" in page.text
    assert "no council has the GSS code" in page.text
    assert "commissioned_by_dfe: enter yes or no" in page.text
    assert "Import:" not in page.text
    response = client.post(reverse("advisers:engagement-import-confirm", args=[stored.pk]))
    assert response.status_code == 302
    assert Engagement.objects.count() == 0


def test_a_file_that_goes_bad_between_check_and_confirm_imports_nothing(
    login, programme_manager, other_cia, django_capture_on_commit_callbacks
):
    client = login(programme_manager)
    upload(client, csv_file(*GOOD), django_capture_on_commit_callbacks)
    stored = EngagementUpload.objects.get()
    other_cia.user.email = "moved@example.org"
    other_cia.user.save()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("advisers:engagement-import-confirm", args=[stored.pk]))

    stored.refresh_from_db()
    assert stored.status == EngagementUpload.Status.REJECTED
    assert Engagement.objects.count() == 0


def test_an_xlsx_upload_is_read_like_the_csv(
    login, programme_manager, other_cia, django_capture_on_commit_callbacks
):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(GOOD[0].split(","))
    data = io.BytesIO()
    workbook.save(data)

    page = upload(
        login(programme_manager),
        SimpleUploadedFile("log.xlsx", data.getvalue()),
        django_capture_on_commit_callbacks,
    )

    assert "Would add: Camden, 4 March 2024" in page.text


def test_importing_the_same_file_again_offers_nothing_new(
    login, programme_manager, other_cia, camden, django_capture_on_commit_callbacks
):
    client = login(programme_manager)
    upload(client, csv_file(GOOD[0]), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("advisers:engagement-import-confirm", args=[EngagementUpload.objects.get().pk])
        )

    again = upload(client, csv_file(GOOD[0]), django_capture_on_commit_callbacks)

    assert EngagementUpload.objects.first().status == EngagementUpload.Status.NOTHING_NEW
    assert "Already in the portal, left as it is" in again.text
    assert Engagement.objects.count() == 1


def test_a_file_of_the_wrong_kind_is_refused_by_the_field(login, programme_manager):
    page = login(programme_manager).post(
        IMPORT, {"file": SimpleUploadedFile("log.pdf", b"%PDF-1.4")}
    )

    assert "The file must be a CSV or .xlsx file" in page.text
    assert not EngagementUpload.objects.exists()


@pytest.mark.parametrize("persona", FORBIDDEN)
def test_only_programme_managers_import(request, login, persona):
    client = login(request.getfixturevalue(persona))

    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, {"file": csv_file(*GOOD)}).status_code == 403
    assert not EngagementUpload.objects.exists()


def test_the_list_downloads_as_xlsx_with_the_csvs_rows_and_filters(
    login, programme_manager, camden, islington, other_cia
):
    EngagementFactory(council=camden, adviser=other_cia, summary="=HYPERLINK(1)")
    EngagementFactory(council=islington, adviser=other_cia)

    response = login(programme_manager).get(
        reverse("advisers:engagement-xlsx"), {"council": camden.pk}
    )

    assert response["Content-Disposition"].startswith('attachment; filename="engagements-')
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Date", "Council GSS code", "Council")
    assert [row[2] for row in rows[1:]] == ["Camden"]
    assert rows[1][11] == "'=HYPERLINK(1)"
