"""Reading Ofsted's files: formats, bad cells, council names, and when two rows are one inspection."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from councils.models import OfstedInspection
from councils.ofsted_import import read_ofsted_file
from councils.ofsted_import.identity import find_same, merge
from councils.ofsted_import.matching import CouncilDirectory, normalise_name
from councils.ofsted_import.records import InspectionRecord
from tests.factories.councils import CouncilFactory

OFSTED = Path(__file__).resolve().parents[2] / "councils" / "data" / "ofsted"
Kind = OfstedInspection.Kind
HISTORY_HEADER = (
    "Web link,Local authority area code,Local authority name,Local authority status,Ofsted region,"
    "Inspection date,Publication date,Inspection type,Overall effectiveness,"
    "The impact of leaders on social work practice with children and families,"
    "The experiences and progress of children who need help and protection,"
    "The experiences and progress of children in care,"
    "The experiences and progress of care leavers\n"
)


def read(name: str):
    return read_ofsted_file(name, (OFSTED / name).read_bytes())


def history_csv(*lines: str) -> bytes:
    return (HISTORY_HEADER + "".join(f"{line}\n" for line in lines)).encode()


def test_reads_the_ilacs_history_with_every_judgement():
    parsed = read("ilacs_inspection_history_to_2025-03.csv")

    assert parsed.format == "long"
    assert parsed.errors == []
    assert len(parsed.records) == 271
    first = parsed.records[0]
    assert (first.where, first.council_code, first.council_name) == (
        "Line 2",
        "E09000002",
        "Barking and Dagenham",
    )
    assert first.kind == Kind.ILACS_STANDARD
    assert first.inspected_on == datetime.date(2019, 2, 18)
    assert first.published_on == datetime.date(2019, 4, 1)
    assert first.grades == {
        "overall_effectiveness": 3,
        "leadership": 3,
        "help_and_protection": 3,
        "children_in_care": 3,
        "care_leavers": None,
    }
    assert sum(record.kind == Kind.ILACS_SHORT for record in parsed.records) == 100


def test_reads_visits_from_the_in_year_file_without_judgements():
    parsed = read("in_year_inspections_and_visits_2024-25.csv")

    kinds = [record.kind for record in parsed.records]
    assert len(parsed.records) == 112
    assert kinds.count(Kind.FOCUSED_VISIT) == 36
    assert kinds.count(Kind.MONITORING_VISIT) == 24
    visit = parsed.records[0]
    assert visit.kind == Kind.FOCUSED_VISIT
    assert visit.grades == {}
    assert visit.visit_theme == "Children in need/subject to a plan"
    assert visit.inspected_on == datetime.date(2025, 3, 26)


def test_reads_sif_and_ilacs_blocks_from_the_wide_history_and_ignores_older_frameworks():
    parsed = read("la_inspections_2009-2023.csv")

    by_kind = {kind: [r for r in parsed.records if r.kind == kind] for kind in Kind.values}
    assert len(by_kind[Kind.SIF_FIRST]) == 148
    assert len(by_kind[Kind.SIF_REINSPECTION]) == 21
    assert {r.framework for r in parsed.records} == {"SIF", "ILACS"}
    barnet_sif = next(r for r in by_kind[Kind.SIF_FIRST] if r.council_name == "Barnet")
    assert barnet_sif.published_on == datetime.date(2017, 7, 7)
    assert barnet_sif.inspected_on is None
    assert barnet_sif.grades["overall_effectiveness"] == 4
    assert barnet_sif.grades["leadership"] == 4
    assert barnet_sif.grades["care_leavers"] == 3


def test_the_wide_history_dates_nottinghams_second_ilacs_report_in_november():
    parsed = read("la_inspections_2009-2023.csv")

    nottingham = [r for r in parsed.records if r.council_name == "Nottingham"]
    assert [r.published_on for r in nottingham if r.framework == "ILACS"] == [
        datetime.date(2019, 1, 7),
        datetime.date(2022, 11, 5),
    ]


def test_reads_the_former_councils_file():
    parsed = read("la_inspections_2009-2023_former_las.csv")

    assert sorted({r.council_name for r in parsed.records}) == [
        "Bournemouth",
        "Dorset",
        "Northamptonshire",
        "Poole",
    ]
    assert [r.kind for r in parsed.records].count(Kind.SIF_FIRST) == 4


def test_reads_the_data_sheets_of_ofsteds_workbook_and_skips_the_others():
    parsed = read("LA_Inspection_Outcomes_as_at_31_March_2025.ods")

    assert parsed.errors == []
    assert len(parsed.records) == 271 + 112
    sheets = {r.where.split(",")[0] for r in parsed.records}
    assert sheets == {"Sheet “ILACS_inspection_history”", "Sheet “In-year_inspections”"}
    first = parsed.records[0]
    assert first.where == "Sheet “In-year_inspections”, row 4"
    assert first.inspected_on == datetime.date(2025, 3, 26)


def test_an_excel_copy_of_a_table_reads_like_the_csv():
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "History"
    sheet.append(["ILACS inspection history"])
    sheet.append(HISTORY_HEADER.strip().split(","))
    sheet.append(
        ["", "E09000007", "Camden", "Current", "London", datetime.datetime(2022, 4, 25)]
        + [datetime.datetime(2022, 6, 21), "ILACS Short Inspection", "Outstanding", "Good"]
    )
    data = io.BytesIO()
    workbook.save(data)

    parsed = read_ofsted_file("history.xlsx", data.getvalue())

    record = parsed.records[0]
    assert parsed.errors == []
    assert record.where == "Sheet “History”, row 3"
    assert record.published_on == datetime.date(2022, 6, 21)
    assert record.grades["overall_effectiveness"] == 1
    assert record.grades["leadership"] == 2


def test_every_bad_cell_is_named_with_its_line():
    data = history_csv(
        ",E09000007,Camden,Current,London,2022-04-25,2022-06-21,ILACS Short Inspection,Gd,Good,,,",
        ",E09000019,Islington,Current,London,2019-13-01,2019-13-20,ILACS Standard Inspection,Good",
        ",E08000035,Leeds,Current,Yorkshire,2019-01-01,2019-02-01,ILACS Long Inspection,Good",
        ",E09000007,Camden,Current,London,2018-01-01,,ILACS Standard Inspection,,",
    )

    parsed = read_ofsted_file("bad.csv", data)

    assert parsed.records == []
    assert [str(error) for error in parsed.errors] == [
        "Line 2: “Gd” in “Overall effectiveness” is not an Ofsted grade (Outstanding, Good, "
        "Requires improvement to be good or Inadequate)",
        "Line 3: “2019-13-01” in “Inspection date” is not a date (write it as 2025-03-31 or "
        "31/03/2025); “2019-13-20” in “Publication date” is not a date (write it as 2025-03-31 "
        "or 31/03/2025)",
        "Line 4: “ILACS Long Inspection” is not an ILACS inspection or visit type",
        "Line 5: a judged inspection needs its publication date; a judged inspection needs its "
        "overall effectiveness",
    ]


def test_a_file_of_another_shape_is_refused_with_a_reason():
    parsed = read_ofsted_file("people.csv", b"name,email\nAda,ada@example.org\n")

    assert parsed.records == []
    assert parsed.errors[0].where == "The file"
    assert "does not have the columns of an Ofsted outcome file" in parsed.errors[0].reason


def test_ofsteds_latest_judgements_table_alone_is_refused_with_what_to_do_instead():
    header = (
        "Web link,Local authority area code,Local authority name,Ofsted region,Inspection date,"
        "Publication date,Overall effectiveness\n"
    )
    parsed = read_ofsted_file("latest.csv", header.encode())

    assert "Import the ILACS inspection history instead" in parsed.errors[0].reason


def test_a_broken_spreadsheet_is_refused():
    parsed = read_ofsted_file("broken.ods", b"PK\x03\x04 not really a zip")

    assert parsed.errors[0].reason == "The file looks like a spreadsheet but cannot be opened."


@pytest.mark.parametrize(
    ("ofsted", "ons"),
    [
        ("Bristol", "Bristol, City of"),
        ("Kingston upon Hull", "Kingston upon Hull, City of"),
        ("Kingston Upon Hull", "Kingston upon Hull, City of"),
        ("Richmond Upon Thames", "Richmond upon Thames"),
        ("St Helens", "St. Helens"),
        ("Telford & Wrekin", "Telford and Wrekin"),
        ("Hammersmith & Fulham", "Hammersmith and Fulham"),
        ("Bournemouth, Christchurch & Poole", "Bournemouth, Christchurch and Poole"),
        ("Durham", "County Durham"),
        ("Herefordshire", "Herefordshire, County of"),
        ("Bedford Borough", "Bedford"),
        ("Southend-on-Sea", "Southend-on-Sea"),
    ],
)
def test_names_that_sources_spell_differently_normalise_alike(ofsted, ons):
    assert normalise_name(ofsted) == normalise_name(ons)


def test_city_of_london_keeps_its_name():
    assert normalise_name("City of London") == "city of london"


def record(**fields) -> InspectionRecord:
    defaults = {
        "where": "Line 2",
        "council_code": "",
        "council_name": "Dorset",
        "framework": "SIF",
        "kind": Kind.SIF_FIRST,
        "published_on": datetime.date(2016, 5, 23),
        "grades": {"overall_effectiveness": 3},
    }
    return InspectionRecord(**{**defaults, **fields})


@pytest.mark.django_db
def test_a_shared_name_resolves_to_the_council_that_existed_when_the_report_was_published(
    councils,
):
    directory = CouncilDirectory.load()

    old = directory.resolve(record(published_on=datetime.date(2016, 5, 23)))
    new = directory.resolve(record(published_on=datetime.date(2021, 11, 19)))

    assert (old.gss_code, new.gss_code) == ("E10000009", "E06000059")


@pytest.mark.django_db
def test_earlier_codes_match_the_recoded_council(councils):
    directory = CouncilDirectory.load()

    barnsley = directory.resolve(record(council_code="E08000016", council_name="Barnsley"))

    assert barnsley.gss_code == "E08000038"


@pytest.mark.django_db
def test_an_unknown_council_or_an_abolished_one_is_a_reason_not_a_guess(councils):
    directory = CouncilDirectory.load()

    unknown = directory.resolve(record(council_name="Atlantis"))
    abolished = directory.resolve(
        record(council_name="Northamptonshire", published_on=datetime.date(2022, 11, 25))
    )

    assert unknown == "no council is called “Atlantis”"
    assert abolished == (
        "Northamptonshire no longer existed on 25 November 2022: North Northamptonshire and "
        "West Northamptonshire replaced it on 1 April 2021"
    )


def stored(**fields) -> OfstedInspection:
    defaults = {
        "council_id": 1,
        "framework": "ILACS",
        "kind": Kind.ILACS_STANDARD,
        "published_on": datetime.date(2022, 11, 5),
        "overall_effectiveness": 4,
        "source_as_at": datetime.date(2023, 5, 10),
    }
    return OfstedInspection(**{**defaults, **fields})


def ilacs(**fields) -> InspectionRecord:
    fields = {"grades": {"overall_effectiveness": 4}, **fields}
    return record(framework="ILACS", kind=Kind.ILACS_STANDARD, council_name="Nottingham", **fields)


def test_reports_two_months_apart_are_the_same_inspection_but_a_visit_is_not():
    report = stored()
    visit = stored(kind=Kind.MONITORING_VISIT, overall_effectiveness=None)

    match = find_same([visit, report], ilacs(published_on=datetime.date(2022, 9, 5)))
    later = find_same([visit, report], ilacs(published_on=datetime.date(2025, 9, 5)))

    assert match is report
    assert later is None


def test_a_newer_file_corrects_a_date_and_an_older_one_only_fills_gaps():
    report = stored()

    older = merge(
        report,
        ilacs(published_on=datetime.date(2022, 12, 1), inspected_on=datetime.date(2022, 7, 11)),
        datetime.date(2020, 1, 1),
    )
    newer = merge(report, ilacs(published_on=datetime.date(2022, 9, 5)), datetime.date(2025, 5, 14))

    assert older == {"inspected_on": (None, datetime.date(2022, 7, 11))}
    assert newer == {"published_on": (datetime.date(2022, 11, 5), datetime.date(2022, 9, 5))}
    assert report.published_on == datetime.date(2022, 9, 5)
    assert report.source_as_at == datetime.date(2025, 5, 14)


def test_a_blank_never_erases_a_judgement():
    report = stored(care_leavers=2)

    update = ilacs(
        published_on=report.published_on, grades={"overall_effectiveness": 4, "care_leavers": None}
    )

    changed = merge(report, update, datetime.date(2026, 1, 1))

    assert changed == {}
    assert report.care_leavers == 2


@pytest.mark.django_db
def test_the_factory_council_has_no_ofsted_name_and_still_matches_by_name():
    council = CouncilFactory(name="Testshire", active_from=datetime.date(2009, 1, 1))

    found = CouncilDirectory([council]).resolve(record(council_name="TESTSHIRE"))

    assert found == council
