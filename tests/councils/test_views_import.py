"""Uploading an Ofsted file in the browser, and exporting every inspection: programme managers only."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from councils import services
from councils.models import OfstedInspection, OfstedUpload

pytestmark = pytest.mark.django_db

OFSTED = Path(__file__).resolve().parents[2] / "councils" / "data" / "ofsted"
IMPORT = reverse("councils:import")
EXPORT = reverse("councils:inspection-export")
FORBIDDEN = ["principal_adviser", "improvement_adviser", "associate", "councillor"]
BAD = (
    "Local authority area code,Local authority name,Publication date,Inspection type,"
    "Overall effectiveness\n"
    "E09000007,Camden,2022-06-21,ILACS Short Inspection,Outstanding\n"
    "E09000019,Islington,21 Jan 2019,ILACS Standard Inspection,Good\n"
)


def upload_file(client, name: str, data: bytes):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, data)}, follow=True)


def test_a_programme_manager_checks_a_file_then_imports_it(
    login, programme_manager, django_capture_on_commit_callbacks
):
    client = login(programme_manager)
    data = (OFSTED / "in_year_inspections_and_visits_2024-25.csv").read_bytes()

    with django_capture_on_commit_callbacks(execute=True):
        posted = client.post(IMPORT, {"file": SimpleUploadedFile("in-year.csv", data)})
    upload = OfstedUpload.objects.get()
    assert posted["Location"] == upload.get_absolute_url()
    body = client.get(upload.get_absolute_url()).content.decode()
    assert "in-year.csv is ready to import: it adds 112 inspections" in body
    assert (
        "Line 2" in body
        and "adds Barking and Dagenham, Focused visit published 29 April 2025" in body
    )
    assert not OfstedInspection.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("councils:import-confirm", args=[upload.pk]))

    assert "Import complete" in client.get(upload.get_absolute_url()).content.decode()
    assert OfstedInspection.objects.count() == 112


def test_a_file_with_bad_lines_shows_every_line_and_imports_nothing(
    login, programme_manager, django_capture_on_commit_callbacks
):
    client = login(programme_manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(IMPORT, {"file": SimpleUploadedFile("bad.csv", BAD.encode())})

    body = client.get(OfstedUpload.objects.get().get_absolute_url()).content.decode()
    assert "1 line has a problem" in body
    assert '<th scope="row" class="govuk-table__header">Line 3</th>' in body
    assert "“21 Jan 2019” in “Publication date” is not a date" in body
    assert "Import:" not in body
    assert not OfstedInspection.objects.exists()


def test_the_status_fragment_refreshes_until_the_work_is_done(login, programme_manager):
    upload = OfstedUpload.objects.create(
        file=SimpleUploadedFile("x.csv", b"x"), file_name="x.csv", uploaded_by=programme_manager
    )
    client = login(programme_manager)

    page = client.get(upload.get_absolute_url()).content.decode()
    working = client.get(reverse("councils:import-status", args=[upload.pk])).content.decode()
    upload.status = OfstedUpload.Status.REJECTED
    upload.save()
    done = client.get(reverse("councils:import-status", args=[upload.pk])).content.decode()

    assert f'data-poll-url="/councils/import/{upload.pk}/status/"' in page
    assert "data-poll-stop" not in working
    assert "data-poll-stop" in done


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.txt", b"hello", "The file must be a CSV, .ods or .xlsx file"),
        ("empty.csv", b"", "The file you chose is empty: choose the Ofsted outcome file again"),
    ],
)
def test_the_upload_form_explains_what_is_wrong(login, programme_manager, name, data, message):
    response = upload_file(login(programme_manager), name, data)

    assert message in response.content.decode()
    assert not OfstedUpload.objects.exists()


def test_choosing_no_file_is_explained(login, programme_manager):
    response = login(programme_manager).post(IMPORT, {})

    body = response.content.decode()
    assert "There is a problem" in body
    assert "Choose an Ofsted outcome file to upload" in body


def test_confirming_is_post_only(login, programme_manager):
    upload = OfstedUpload.objects.create(
        file=SimpleUploadedFile("x.csv", b"x"), file_name="x.csv", uploaded_by=programme_manager
    )

    response = login(programme_manager).get(reverse("councils:import-confirm", args=[upload.pk]))

    assert response.status_code == 405


def test_an_unknown_upload_is_not_found(login, programme_manager):
    assert (
        login(programme_manager).get(reverse("councils:import-detail", args=[999])).status_code
        == 404
    )


@pytest.mark.parametrize("persona", FORBIDDEN)
def test_other_roles_may_not_import_or_export(request, login, persona, programme_manager):
    upload = OfstedUpload.objects.create(
        file=SimpleUploadedFile("x.csv", b"x"), file_name="x.csv", uploaded_by=programme_manager
    )
    client = login(request.getfixturevalue(persona))

    responses = [
        client.get(IMPORT),
        client.post(IMPORT, {"file": SimpleUploadedFile("a.csv", BAD.encode())}),
        client.get(upload.get_absolute_url()),
        client.get(reverse("councils:import-status", args=[upload.pk])),
        client.post(reverse("councils:import-confirm", args=[upload.pk])),
        client.get(EXPORT),
    ]

    assert [response.status_code for response in responses] == [403] * 6
    assert OfstedUpload.objects.count() == 1


@pytest.mark.parametrize("persona", FORBIDDEN)
def test_other_roles_see_no_import_or_export_links(request, login, persona):
    body = login(request.getfixturevalue(persona)).get(reverse("councils:list")).content.decode()

    assert IMPORT not in body and EXPORT not in body


def test_a_programme_manager_downloads_every_inspection_in_the_import_format(
    login, programme_manager
):
    services.import_ofsted_file(
        name="former.csv", data=(OFSTED / "la_inspections_2009-2023_former_las.csv").read_bytes()
    )

    response = login(programme_manager).get(EXPORT)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="ofsted-inspections-')
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 6
    poole = next(row for row in rows if row["council_name"] == "Poole")
    assert poole["council_gss_code"] == "E06000029"
    assert poole["framework"] == "SIF"
    assert poole["published_on"] == "2017-11-24"
    assert poole["overall_effectiveness"] == "Requires improvement to be good"
    assert poole["care_leavers"] == "Good"
    assert poole["source"] == "former.csv"


def test_an_uploaded_workbook_whose_repeats_expand_past_the_limit_is_refused(
    login, programme_manager, django_capture_on_commit_callbacks
):
    from improvement_portal.spreadsheets import MAX_CELLS
    from tests.factories.spreadsheets import ods, ods_cell, ods_row

    bomb = ods(("Sheet1", ods_row(ods_cell("x", 150), rows=60_000) * 2))
    client = login(programme_manager)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(IMPORT, {"file": SimpleUploadedFile("outcomes.ods", bomb)})
    upload = OfstedUpload.objects.get()
    body = client.get(upload.get_absolute_url()).content.decode()

    assert f"more than {MAX_CELLS:,} cells" in body
    assert not OfstedInspection.objects.exists()
