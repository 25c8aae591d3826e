"""Importing Ofsted's real files: counts, grades, dates, bad lines, re-imports and file order."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from councils import services
from councils.models import Council, OfstedInspection, OfstedUpload
from councils.queries import inspection_export_rows

pytestmark = pytest.mark.django_db

OFSTED = Path(__file__).resolve().parents[2] / "councils" / "data" / "ofsted"
WORKBOOK = "LA_Inspection_Outcomes_as_at_31_March_2025.ods"
HISTORY = "ilacs_inspection_history_to_2025-03.csv"
IN_YEAR = "in_year_inspections_and_visits_2024-25.csv"
WIDE = "la_inspections_2009-2023.csv"
FORMER = "la_inspections_2009-2023_former_las.csv"
COMPARED = [
    "council__gss_code",
    "framework",
    "kind",
    "inspected_on",
    "published_on",
    *OfstedInspection.JUDGEMENT_FIELDS,
    "visit_theme",
]


def import_file(name: str, dry_run: bool = False) -> services.OfstedImportResult:
    return services.import_ofsted_file(
        name=name, data=(OFSTED / name).read_bytes(), dry_run=dry_run
    )


def judged(framework: str) -> int:
    return OfstedInspection.objects.filter(
        framework=framework, overall_effectiveness__isnull=False
    ).count()


def snapshot() -> list[tuple]:
    return sorted(OfstedInspection.objects.values_list(*COMPARED), key=str)


def nottingham_2022() -> OfstedInspection:
    return OfstedInspection.objects.get(
        council__name="Nottingham", framework="ILACS", published_on__year=2022
    )


def test_the_ilacs_history_gives_271_judged_inspections_with_their_grades_and_dates(councils):
    result = import_file(HISTORY)

    assert result.ok and (result.created, result.updated, result.unchanged) == (271, 0, 0)
    assert judged("ILACS") == 271
    camden = OfstedInspection.objects.get(
        council__gss_code="E09000007", published_on=datetime.date(2022, 6, 21)
    )
    assert camden.kind == OfstedInspection.Kind.ILACS_SHORT
    assert camden.inspected_on == datetime.date(2022, 4, 25)
    assert (camden.overall_effectiveness, camden.leadership) == (1, 1)
    assert camden.source == HISTORY
    assert OfstedInspection.objects.filter(care_leavers__isnull=False).count() == 103


def test_the_in_year_file_stores_visits_without_judgements(councils):
    import_file(IN_YEAR)

    visits = OfstedInspection.objects.filter(
        kind__in=[OfstedInspection.Kind.FOCUSED_VISIT, OfstedInspection.Kind.MONITORING_VISIT]
    )
    assert visits.count() == 60
    assert not visits.filter(overall_effectiveness__isnull=False).exists()
    assert visits.filter(visit_theme="Front door").count() == 7


def test_the_wide_histories_give_173_sif_inspections_matched_by_name(councils):
    import_file(WIDE)
    import_file(FORMER)

    assert judged("SIF") == 173
    bristol = OfstedInspection.objects.filter(council__gss_code="E06000023", framework="SIF")
    assert bristol.count() == 1
    barnet = OfstedInspection.objects.get(council__name="Barnet", framework="SIF")
    assert (barnet.published_on, barnet.overall_effectiveness) == (datetime.date(2017, 7, 7), 4)


def test_an_inspection_published_before_a_council_existed_belongs_to_its_predecessor(councils):
    import_file(WIDE)
    import_file(FORMER)

    old_dorset = Council.objects.get(gss_code="E10000009")
    new_dorset = Council.objects.get(gss_code="E06000059")
    assert [i.published_on for i in old_dorset.inspections.all()] == [datetime.date(2016, 5, 23)]
    assert [i.published_on for i in new_dorset.inspections.all()] == [datetime.date(2021, 11, 19)]


def test_northamptonshires_joint_inspection_is_kept_for_north_and_west(councils):
    import_file(HISTORY)

    joint = OfstedInspection.objects.filter(
        published_on=datetime.date(2022, 11, 25), council__name__endswith="Northamptonshire"
    )
    assert sorted(joint.values_list("council__name", flat=True)) == [
        "North Northamptonshire",
        "West Northamptonshire",
    ]


def test_importing_every_file_gives_each_inspection_once(councils):
    for name in (WORKBOOK, HISTORY, IN_YEAR, WIDE, FORMER):
        assert import_file(name).ok

    assert judged("ILACS") == 271
    assert judged("SIF") == 173
    assert OfstedInspection.objects.count() == 271 + 173 + 60


def test_file_order_does_not_change_the_result(councils):
    for name in (WIDE, FORMER, IN_YEAR, HISTORY, WORKBOOK):
        import_file(name)
    oldest_first = snapshot()
    OfstedInspection.objects.all().delete()

    for name in (WORKBOOK, FORMER, HISTORY, WIDE, IN_YEAR):
        import_file(name)

    assert snapshot() == oldest_first
    assert judged("ILACS") == 271 and judged("SIF") == 173


def test_the_newer_file_corrects_nottinghams_publication_date(councils):
    import_file(WIDE)
    assert nottingham_2022().published_on == datetime.date(2022, 11, 5)

    result = import_file(HISTORY)

    corrected = nottingham_2022()
    assert corrected.published_on == datetime.date(2022, 9, 5)
    assert corrected.inspected_on == datetime.date(2022, 7, 11)
    assert corrected.source == HISTORY
    assert any(
        "publication date 5 November 2022 → 5 September 2022" in change.description
        for change in result.changes
    )


def test_an_older_file_imported_later_does_not_undo_the_correction(councils):
    import_file(HISTORY)

    result = import_file(WIDE)

    assert nottingham_2022().published_on == datetime.date(2022, 9, 5)
    assert nottingham_2022().source == HISTORY
    assert not any("Nottingham, ILACS" in change.description for change in result.changes)


def test_importing_the_same_file_again_changes_nothing_and_says_so(councils):
    import_file(WORKBOOK)
    before = list(OfstedInspection.objects.values_list("pk", "updated_at"))

    again = import_file(WORKBOOK)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 331)
    assert again.changes == []
    assert again.summary().startswith("Nothing to import: all 331 inspections")
    assert list(OfstedInspection.objects.values_list("pk", "updated_at")) == before


def test_a_newer_file_adds_only_the_new_inspections(councils):
    import_file(HISTORY)

    result = import_file(IN_YEAR)

    assert (result.created, result.updated, result.unchanged) == (60, 0, 52)


def test_a_dry_run_reports_the_same_changes_and_writes_nothing(councils):
    result = import_file(HISTORY, dry_run=True)

    assert result.created == 271
    assert len(result.changes) == 271
    assert result.summary().endswith("Nothing has been written yet.")
    assert not OfstedInspection.objects.exists()


BAD_FILE = (
    "Local authority area code,Local authority name,Inspection date,Publication date,"
    "Inspection type,Overall effectiveness,"
    "The impact of leaders on social work practice with children and families\n"
    "E09000007,Camden,2022-04-25,2022-06-21,ILACS Short Inspection,Outstanding,Outstanding\n"
    "E09000019,Islington,2019-01-01,2019-02-30,ILACS Standard Inspection,Good,Good\n"
    "E99999999,Atlantis,2019-01-01,2019-02-01,ILACS Standard Inspection,Good,Good\n"
    "E08000035,Leeds,2019-01-01,2019-02-01,ILACS Standard Inspection,Brilliant,Good\n"
)


def test_a_file_with_bad_lines_writes_nothing_and_names_every_bad_line(councils):
    result = services.import_ofsted_file(name="bad.csv", data=BAD_FILE.encode())

    assert not OfstedInspection.objects.exists()
    assert [error.where for error in result.errors] == ["Line 3", "Line 4", "Line 5"]
    assert "“2019-02-30” in “Publication date” is not a date" in result.errors[0].reason
    assert result.errors[1].reason == "no council has the code E99999999 or the name “Atlantis”"
    assert (
        "“Brilliant” in “Overall effectiveness” is not an Ofsted grade" in result.errors[2].reason
    )
    assert result.summary() == "3 lines have problems, so nothing was imported from bad.csv."


def test_the_portals_export_imports_back_to_the_same_inspections(councils):
    import_file(HISTORY)
    import_file(FORMER)
    import_file(IN_YEAR)
    before = snapshot()
    exported = "\n".join(",".join(f'"{cell}"' for cell in row) for row in inspection_export_rows())

    again = services.import_ofsted_file(name="export.csv", data=exported.encode())
    OfstedInspection.objects.all().delete()
    fresh = services.import_ofsted_file(name="export.csv", data=exported.encode())

    assert again.ok and not again.has_changes
    assert fresh.created == len(before)
    assert snapshot() == before
    nottingham = nottingham_2022()
    assert (nottingham.source, nottingham.source_as_at) == (HISTORY, datetime.date(2025, 5, 14))


def test_the_shipped_files_import_quickly_and_only_once(councils):
    first = services.import_ofsted_directory()
    second = services.import_ofsted_directory()

    assert sum(result.created for result in first) == 504
    assert all(result.ok and not result.has_changes for result in second)


def upload(name: str, data: bytes, user) -> OfstedUpload:
    return services.upload_ofsted_file(uploaded_file=SimpleUploadedFile(name, data), actor=user)


def test_an_uploaded_file_is_checked_then_imported_when_confirmed(
    programme_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        checked = upload(HISTORY, (OFSTED / HISTORY).read_bytes(), programme_manager)
    checked.refresh_from_db()
    assert checked.status == OfstedUpload.Status.READY
    assert checked.report["created"] == 271
    assert not OfstedInspection.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert services.confirm_ofsted_upload(upload=checked, actor=programme_manager)
    checked.refresh_from_db()

    assert checked.status == OfstedUpload.Status.IMPORTED
    assert checked.imported_by == programme_manager
    assert checked.imported_at is not None
    assert judged("ILACS") == 271


def test_an_upload_is_imported_once_however_often_it_is_confirmed(
    programme_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        checked = upload(IN_YEAR, (OFSTED / IN_YEAR).read_bytes(), programme_manager)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = services.confirm_ofsted_upload(upload=checked, actor=programme_manager)
        second = services.confirm_ofsted_upload(upload=checked, actor=programme_manager)

    assert (first, second) == (True, False)
    assert len(callbacks) == 1
    assert OfstedInspection.objects.count() == 112


def test_an_uploaded_file_with_problems_is_rejected_and_cannot_be_confirmed(
    programme_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rejected = upload("bad.csv", BAD_FILE.encode(), programme_manager)
    rejected.refresh_from_db()

    assert rejected.status == OfstedUpload.Status.REJECTED
    assert [where for where, _ in rejected.report["errors"]] == ["Line 3", "Line 4", "Line 5"]
    assert not services.confirm_ofsted_upload(upload=rejected, actor=programme_manager)


def test_an_upload_with_nothing_new_says_so(programme_manager, django_capture_on_commit_callbacks):
    import_file(FORMER)

    with django_capture_on_commit_callbacks(execute=True):
        same = upload(FORMER, (OFSTED / FORMER).read_bytes(), programme_manager)
    same.refresh_from_db()

    assert same.status == OfstedUpload.Status.NOTHING_NEW
    assert same.report["summary"].startswith("Nothing to import")
