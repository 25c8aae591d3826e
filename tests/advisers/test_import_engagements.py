"""import_engagements PATH [--dry-run]: all or nothing, errors by line, re-import is a no-op."""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal
from io import StringIO
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from advisers import importing
from advisers.models import Engagement

pytestmark = pytest.mark.django_db

HEADER = "council,adviser,date,days,strand,activity,funding,commissioned_by_dfe,summary"
GOOD_ROWS = [
    "E09000007,other.cia@example.org,2024-03-04,1.5,intensive,diagnostic,free,no,Front door diagnostic",
    "E09000019,Other.CIA@example.org,2024-03-05,0.5,lead_member,advice_lead_member,subsidised,yes,Briefing",
    # The same engagement twice in one file is two engagements.
    "E09000007,other.cia@example.org,2024-03-06,1,intensive,workshop,whole_cost,no,Workshop",
    "E09000007,other.cia@example.org,2024-03-06,1,intensive,workshop,whole_cost,no,Workshop",
]


def write_csv(tmp_path: Path, rows: list[str], name: str = "log.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def run(path: Path, *args: str) -> str:
    out = StringIO()
    call_command("import_engagements", str(path), *args, stdout=out)
    return out.getvalue()


def test_a_good_file_is_imported(tmp_path, other_cia, camden, islington):
    output = run(write_csv(tmp_path, GOOD_ROWS))

    assert "4 rows read: created 4, 0 already present." in output
    briefing = Engagement.objects.get(summary="Briefing")
    assert briefing.council == islington
    assert briefing.adviser == other_cia
    assert briefing.date == datetime.date(2024, 3, 5)
    assert briefing.days == Decimal("0.5")
    assert (briefing.strand, briefing.activity, briefing.funding) == (
        "lead_member",
        "advice_lead_member",
        "subsidised",
    )
    assert briefing.commissioned_by_dfe is True
    assert Engagement.objects.filter(summary="Workshop").count() == 2


def test_importing_the_same_file_again_changes_nothing(tmp_path, other_cia, camden):
    path = write_csv(tmp_path, GOOD_ROWS)
    run(path)

    output = run(path)

    assert "created 0, 4 already present" in output
    assert Engagement.objects.count() == 4


def test_a_file_with_one_more_row_adds_only_that_row(tmp_path, other_cia, camden):
    run(write_csv(tmp_path, GOOD_ROWS))

    output = run(write_csv(tmp_path, [*GOOD_ROWS, GOOD_ROWS[-1]], name="more.csv"))

    assert "created 1, 4 already present" in output
    assert Engagement.objects.filter(summary="Workshop").count() == 3


def test_a_dry_run_writes_nothing(tmp_path, other_cia, camden):
    output = run(write_csv(tmp_path, GOOD_ROWS), "--dry-run")

    assert "would create 4" in output
    assert "Dry run: nothing was written." in output
    assert Engagement.objects.count() == 0


def test_bad_lines_are_named_and_nothing_is_imported(tmp_path, other_cia, camden):
    rows = [
        GOOD_ROWS[0],
        "E09999999,other.cia@example.org,2024-03-04,1,intensive,diagnostic,free,no,Unknown council",
        "E09000007,nobody@example.org,2024-13-04,7,intense,chat,gratis,maybe,",
        "E09000007,other.cia@example.org,2024-03-04,1.25,intensive,review,free,no,Quarter day",
    ]

    with pytest.raises(CommandError) as error:
        run(write_csv(tmp_path, rows))

    message = str(error.value)
    assert "nothing was imported" in message
    assert "Line 3: council: no council has the GSS code 'E09999999'" in message
    assert "Line 4: adviser: no adviser has the email 'nobody@example.org'" in message
    assert "Line 4: date: enter the date as YYYY-MM-DD" in message
    assert "Line 4: days: the number of days must be 5 or fewer" in message
    assert (
        "Line 4: strand: 'intense' is not one of lead_member, intensive, peer_challenge, other"
        in message
    )
    assert "Line 4: activity: 'chat' is not one of" in message
    assert "Line 4: funding: 'gratis' is not one of free, subsidised, whole_cost" in message
    assert "Line 4: commissioned_by_dfe: enter yes or no (not 'maybe')" in message
    assert "Line 4: summary: enter a summary of the engagement" in message
    assert "Line 5: days: enter the days in half days" in message
    assert "Line 2" not in message
    assert Engagement.objects.count() == 0


def test_a_missing_column_is_reported_on_line_1(tmp_path, other_cia):
    path = tmp_path / "short.csv"
    path.write_text("council,adviser,date\nE09000007,other.cia@example.org,2024-03-04\n")

    with pytest.raises(CommandError, match="Line 1: missing columns: days, strand"):
        run(path)


def test_a_council_not_operating_on_the_date_is_refused(tmp_path, other_cia, camden):
    path = write_csv(
        tmp_path,
        ["E06000028,other.cia@example.org,2020-06-01,1,intensive,review,free,no,Bournemouth"],
    )

    with pytest.raises(CommandError, match="Line 2: date: Bournemouth ended on 31 March 2019"):
        run(path)


def test_an_xlsx_file_with_the_same_columns_is_imported(tmp_path, other_cia, camden):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(
        [
            "E09000007",
            "other.cia@example.org",
            datetime.datetime(2024, 3, 4),
            1.5,
            "intensive",
            "review",
            "free",
            "no",
            "From Excel",
        ]
    )
    sheet.append(
        [
            "E09000007",
            "other.cia@example.org",
            "2024-03-05",
            2,
            "intensive",
            "review",
            "free",
            True,
            "Second",
        ]
    )
    path = tmp_path / "log.xlsx"
    workbook.save(path)

    output = run(path)
    again = run(path)

    assert "created 2" in output
    assert "created 0, 2 already present" in again
    excel = Engagement.objects.get(summary="From Excel")
    assert (excel.date, excel.days) == (datetime.date(2024, 3, 4), Decimal("1.5"))
    assert Engagement.objects.get(summary="Second").commissioned_by_dfe is True


def test_an_xlsx_file_expanding_past_the_limit_is_refused_naming_it(tmp_path, other_cia):
    from improvement_portal.spreadsheets import MAX_COLUMNS
    from tests.factories.spreadsheets import xlsx, xlsx_row, xlsx_sheet

    header = [(f"{chr(65 + n)}1", name) for n, name in enumerate(HEADER.split(","))]
    path = tmp_path / "log.xlsx"
    path.write_bytes(
        xlsx([], sheet_xml=xlsx_sheet(xlsx_row(1, header) + xlsx_row(2, [("XFD2", "x")])))
    )

    with pytest.raises(CommandError, match=f"more than {MAX_COLUMNS} columns"):
        run(path)
    assert not Engagement.objects.exists()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_new_file_at_once_store_each_row_once(tmp_path, other_cia, camden):
    start = datetime.date(2023, 4, 3)
    rows = [
        f"E09000007,other.cia@example.org,{start + datetime.timedelta(days=n)},1,intensive,"
        f"diagnostic,free,no,Visit {n}"
        for n in range(200)
    ]
    path = write_csv(tmp_path, rows)
    barrier = threading.Barrier(2)
    results: list[importing.ImportResult] = []
    errors: list[BaseException] = []

    def import_file() -> None:
        try:
            barrier.wait(timeout=30)
            results.append(importing.import_engagements(path=path))
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=import_file) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors
    assert Engagement.objects.count() == 200
    assert sorted((r.created, r.already_present) for r in results) == [(0, 200), (200, 0)]
