"""The shapes of Ofsted outcome files, and how each row becomes inspection records.

Recognised by their header row (a workbook's header may sit below a title and a note):

- ``long``: one row per inspection or visit, with a GSS code — Ofsted's "ILACS inspection
  history" and "in-year inspections" tables (CSV, or the sheets of the published workbook).
  Focused and monitoring visits carry no judgements and are stored without them.
- ``wide``: one row per council, 2009–2023, matched by name — Ofsted's "Children's social care
  data in England 2023" history and its former-councils companion. The first SIF inspection,
  the SIF re-inspection and the first and second ILACS inspections become records; the older
  SLAC, CPI and TLAC inspections are outside the portal's frameworks and are ignored.
- ``portal``: the portal's own export (``/councils/inspections.csv``), so data round-trips.

The workbook's "Inspections as at 31 March" sheet repeats each council's latest inspection from
the history sheet, without its type, so it is skipped.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from councils.models import Grade, OfstedInspection
from councils.ofsted_import.records import GRADE_FIELDS, InspectionRecord, LineError, ParsedFile
from councils.ofsted_import.tables import Table

Kind = OfstedInspection.Kind
Framework = OfstedInspection.Framework

HEADER_SEARCH_ROWS = 10
NO_JUDGEMENT = {"", "-", "–", "n/a", "na", "none", "no judgement", "not applicable"}
GRADE_WORDS = {
    "outstanding": Grade.OUTSTANDING,
    "good": Grade.GOOD,
    "requires improvement to be good": Grade.REQUIRES_IMPROVEMENT,
    "requires improvement": Grade.REQUIRES_IMPROVEMENT,
    "inadequate": Grade.INADEQUATE,
    **{str(grade.value): grade for grade in Grade},
}
INSPECTION_TYPES = {
    "ilacs standard inspection": Kind.ILACS_STANDARD,
    "standard inspection": Kind.ILACS_STANDARD,
    "ilacs short inspection": Kind.ILACS_SHORT,
    "short inspection": Kind.ILACS_SHORT,
    "ilacs focused visit": Kind.FOCUSED_VISIT,
    "focused visit": Kind.FOCUSED_VISIT,
    "la monitoring visit": Kind.MONITORING_VISIT,
    "ilacs monitoring visit": Kind.MONITORING_VISIT,
    "monitoring visit": Kind.MONITORING_VISIT,
}

LONG_COLUMNS = {
    "code": ("local authority area code",),
    "name": ("local authority name",),
    "inspected_on": ("inspection date", "inspection/visit date"),
    "published_on": ("publication date",),
    "type": ("inspection type", "inspection/visit type"),
    "overall_effectiveness": ("overall effectiveness",),
    "leadership": ("the impact of leaders on social work practice with children and families",),
    "help_and_protection": (
        "the experiences and progress of children who need help and protection",
    ),
    "children_in_care": (
        "the experiences and progress of children in care",
        "the experiences and progress of children in care and care leavers",
    ),
    "care_leavers": ("the experiences and progress of care leavers",),
    "visit_theme": ("visit theme",),
}
PORTAL_COLUMNS = [
    "council_gss_code",
    "council_name",
    "framework",
    "kind",
    "inspected_on",
    "published_on",
    *GRADE_FIELDS,
    "visit_theme",
    "source",
    "source_as_at",
]
SIF_PREFIX = "single inspection of la children's services (sif) "
SIF_BLOCKS = [
    (
        "First SIF",
        Kind.SIF_FIRST,
        SIF_PREFIX + "first sif publication date",
        {
            "overall_effectiveness": "first sif overall judgement(oe)",
            "help_and_protection": "first sif children who need help and protection",
            "children_in_care": "first sif children looked after and achieving permanence",
            "care_leavers": "first sif cla sub: experiences and progress of care leavers",
            "leadership": "first sif leadership, management and governance",
        },
    ),
    (
        "SIF re-inspection",
        Kind.SIF_REINSPECTION,
        SIF_PREFIX + "sif re-inspection publication date",
        {
            "overall_effectiveness": "sif re-inspection overall judgement(oe)",
            "help_and_protection": "sif re-inspection children who need help and protection",
            "children_in_care": "sif re-inspection children looked after and achieving permanence",
            "care_leavers": "sif re-inspection cla sub: experiences and progress of care leavers",
            "leadership": "sif re-inspection leadership, management and governance",
        },
    ),
]
ILACS_PREFIXES = [
    ("First ILACS", "first ilacs framework "),
    ("Second ILACS", "second ilacs framework "),
    ("ILACS", "ilacs framework "),
]
ILACS_SUFFIXES = {
    "overall_effectiveness": ("overall effectiveness",),
    "leadership": ("impact of leaders",),
    "help_and_protection": ("experiences and progress of children who need help and protection",),
    "children_in_care": (
        "experiences and progress of children in care and care leavers",
        "experiences and progress of children in care",
    ),
    "care_leavers": ("experiences and progress of care leavers",),
}


class UnrecognisedFile(ValueError):
    """No table in the file has the columns of a known outcome file."""


def normalise_header(text: str) -> str:
    return " ".join(text.replace("’", "'").lower().split())


def parse_tables(name: str, tables: list[Table]) -> ParsedFile:
    """Every record and every bad line in the file's recognised tables."""
    found = []
    for table in tables:
        located = _locate_header(table)
        if located is not None and located[0] != "summary":
            found.append((table, *located))
    if not found:
        raise UnrecognisedFile(_unrecognised_message(tables))
    parsed = ParsedFile(name=name, format="+".join(sorted({shape for _, shape, _, _ in found})))
    for table, shape, header_row, headers in found:
        parse_rows = PARSERS[shape]
        for outcome in parse_rows(table, header_row, headers):
            if isinstance(outcome, LineError):
                parsed.errors.append(outcome)
            else:
                outcome.source = outcome.source or name
                parsed.records.append(outcome)
    return parsed


def _unrecognised_message(tables: list[Table]) -> str:
    if any((_locate_header(table) or ("",))[0] == "summary" for table in tables):
        return (
            "This is Ofsted's list of each council's latest inspection, which does not say what "
            "kind of inspection each was. Import the ILACS inspection history instead."
        )
    where = "The first line" if tables and tables[0].sheet is None else "No sheet"
    return (
        f"{where} does not have the columns of an Ofsted outcome file the portal knows: the "
        "ILACS inspection history, the in-year inspections and visits, the 2009–2023 history "
        "by council, Ofsted's published workbook (.ods), or the portal's own export."
    )


def _locate_header(table: Table) -> tuple[str, int, list[str]] | None:
    for _, (number, cells) in zip(range(HEADER_SEARCH_ROWS), table.rows, strict=False):
        headers = [normalise_header(cell) for cell in cells]
        shape = _recognise(set(headers))
        if shape:
            return shape, number, headers
    return None


def _recognise(headers: set[str]) -> str | None:
    if {"council_gss_code", "framework", "kind", "published_on"} <= headers:
        return "portal"
    if "local authority name" in headers and any(block[2] in headers for block in SIF_BLOCKS):
        return "wide"
    if {"local authority area code", "publication date", "overall effectiveness"} <= headers:
        if headers & {"inspection type", "inspection/visit type"}:
            return "long"
        return "summary"
    return None


class _Row:
    """One row's cells by column name, collecting every problem found while reading it."""

    def __init__(self, cells: list[str], headers: list[str], labels: list[str]) -> None:
        self.cells = cells
        self.index = {header: position for position, header in enumerate(headers)}
        self.labels = labels
        self.problems: list[str] = []
        self.failed: set[str | None] = set()

    def has(self, column: str) -> bool:
        return column in self.index

    def text(self, column: str | None) -> str:
        position = self.index.get(column or "")
        if position is None or position >= len(self.cells):
            return ""
        return self.cells[position].strip()

    def label(self, column: str) -> str:
        return self.labels[self.index[column]].strip()

    def date(self, column: str | None) -> datetime.date | None:
        text = self.text(column)
        if not text:
            return None
        parsed = parse_date(text)
        if parsed is None:
            self.failed.add(column)
            self.problems.append(
                f"“{text}” in “{self.label(column or '')}” is not a date "
                "(write it as 2025-03-31 or 31/03/2025)"
            )
        return parsed

    def grade(self, column: str | None) -> int | None:
        text = self.text(column)
        if text.lower() in NO_JUDGEMENT:
            return None
        grade = GRADE_WORDS.get(" ".join(text.lower().split()))
        if grade is None:
            self.failed.add(column)
            self.problems.append(
                f"“{text}” in “{self.label(column or '')}” is not an Ofsted grade "
                "(Outstanding, Good, Requires improvement to be good or Inadequate)"
            )
            return None
        return int(grade)

    def is_blank(self) -> bool:
        return not any(cell.strip() for cell in self.cells)


def parse_date(text: str) -> datetime.date | None:
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text[:10], pattern).date()
        except ValueError:
            continue
    return None


def _data_rows(table: Table, header_row: int, headers: list[str]) -> Iterator[tuple[str, _Row]]:
    labels = next(cells for number, cells in table.rows if number == header_row)
    labels = labels + [""] * (len(headers) - len(labels))
    for number, cells in table.rows:
        if number <= header_row:
            continue
        row = _Row(cells, headers, labels)
        if not row.is_blank():
            yield table.where(number), row


def _first_present(row: _Row, names: tuple[str, ...]) -> str | None:
    return next((name for name in names if row.has(name)), None)


def _parse_long(
    table: Table, header_row: int, headers: list[str]
) -> Iterator[InspectionRecord | LineError]:
    for where, row in _data_rows(table, header_row, headers):
        column = {key: _first_present(row, names) for key, names in LONG_COLUMNS.items()}
        kind = _inspection_type(row, column["type"])
        record = InspectionRecord(
            where=where,
            council_code=row.text(column["code"]).upper(),
            council_name=row.text(column["name"]),
            framework=Framework.ILACS,
            kind=kind,
            inspected_on=row.date(column["inspected_on"]),
            published_on=row.date(column["published_on"]),
            visit_theme=row.text(column["visit_theme"]),
        )
        grades = {field: row.grade(column[field]) for field in GRADE_FIELDS}
        if record.is_judged:
            record.grades = grades
        dates = (column["inspected_on"], column["published_on"])
        _check(row, record, dates, column["overall_effectiveness"])
        yield LineError(where, "; ".join(row.problems)) if row.problems else record


def _inspection_type(row: _Row, column: str | None, label: str = "", judged: bool = False) -> str:
    text = row.text(column)
    kind = INSPECTION_TYPES.get(" ".join(text.lower().split()), "")
    allowed = (Kind.ILACS_STANDARD, Kind.ILACS_SHORT) if judged else INSPECTION_TYPES.values()
    if kind not in allowed:
        what = "an ILACS inspection type" if judged else "an ILACS inspection or visit type"
        row.problems.append(f"{label}“{text}” is not {what}")
        return ""
    return kind


def _parse_wide(
    table: Table, header_row: int, headers: list[str]
) -> Iterator[InspectionRecord | LineError]:
    blocks = _wide_blocks(set(headers))
    for where, row in _data_rows(table, header_row, headers):
        records = []
        for label, framework, kind, date_column, type_column, columns in blocks:
            published_on = row.date(date_column)
            grades = {field: row.grade(columns.get(field)) for field in GRADE_FIELDS}
            if published_on is None and not any(grades.values()):
                continue
            if type_column:
                kind = _inspection_type(row, type_column, f"{label}: ", judged=True)
            record = InspectionRecord(
                where=where,
                council_code="",
                council_name=row.text("local authority name"),
                framework=framework,
                kind=kind,
                published_on=published_on,
                grades=grades,
            )
            overall = columns.get("overall_effectiveness")
            _check(row, record, (date_column,), overall, f"{label}: ")
            records.append(record)
        if row.problems:
            yield LineError(where, "; ".join(row.problems))
        else:
            yield from records


def _wide_blocks(headers: set[str]) -> list[tuple[str, str, str, str, str | None, dict]]:
    blocks: list[tuple[str, str, str, str, str | None, dict]] = []
    for label, kind, date_column, columns in SIF_BLOCKS:
        if date_column in headers:
            blocks.append((label, Framework.SIF, kind, date_column, None, columns))
    for label, prefix in ILACS_PREFIXES:
        if prefix + "publication date" not in headers:
            continue
        found: dict[str, str | None] = {
            field: next((prefix + s for s in suffixes if prefix + s in headers), None)
            for field, suffixes in ILACS_SUFFIXES.items()
        }
        date_column, type_column = prefix + "publication date", prefix + "inspection type"
        blocks.append((label, Framework.ILACS, "", date_column, type_column, found))
    return blocks


def _parse_portal(
    table: Table, header_row: int, headers: list[str]
) -> Iterator[InspectionRecord | LineError]:
    for where, row in _data_rows(table, header_row, headers):
        framework = row.text("framework").upper()
        kind = row.text("kind").lower()
        if framework not in Framework.values:
            row.problems.append(f"“{row.text('framework')}” is not a framework (SIF or ILACS)")
        if kind not in Kind.values:
            row.problems.append(f"“{row.text('kind')}” is not a kind of inspection or visit")
            kind = ""
        record = InspectionRecord(
            where=where,
            council_code=row.text("council_gss_code").upper(),
            council_name=row.text("council_name"),
            framework=framework,
            kind=kind,
            inspected_on=row.date("inspected_on"),
            published_on=row.date("published_on"),
            grades={field: row.grade(field if row.has(field) else None) for field in GRADE_FIELDS},
            visit_theme=row.text("visit_theme"),
            source=row.text("source"),
            source_as_at=row.date("source_as_at"),
        )
        if not record.is_judged:
            record.grades = {}
        _check(row, record, ("inspected_on", "published_on"), "overall_effectiveness")
        yield LineError(where, "; ".join(row.problems)) if row.problems else record


def _check(
    row: _Row, record: InspectionRecord, dates: tuple, overall: str | None, prefix: str = ""
) -> None:
    """Add the problems that only the whole record shows (a cell already named is not repeated)."""
    if not record.council_code and not record.council_name:
        row.problems.append("no council code or name")
    if not record.kind or row.failed & {*dates, overall}:
        return
    if record.is_judged:
        if record.published_on is None:
            row.problems.append(f"{prefix}a judged inspection needs its publication date")
        if record.grades.get("overall_effectiveness") is None:
            row.problems.append(f"{prefix}a judged inspection needs its overall effectiveness")
    elif record.date is None:
        row.problems.append("a visit needs its visit date or publication date")


PARSERS = {"long": _parse_long, "wide": _parse_wide, "portal": _parse_portal}


def describe_format(shape: str) -> str:
    names = {
        "long": "Ofsted inspections and visits, one per row",
        "wide": "Ofsted history by council, 2009–2023",
        "portal": "the portal's export of inspections",
    }
    return " and ".join(names[part] for part in shape.split("+"))
