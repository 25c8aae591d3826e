"""Loading historical engagement logs from spreadsheets (CSV, or XLSX with the same columns).

All or nothing: every row is checked first, and if any row is wrong nothing is written and
each problem is named by its line in the file. Re-importing the same file is a no-op: an
engagement's identity is its council, adviser, date, strand, activity, days and summary, and
the importer creates only as many of each identity as the file holds beyond those already
stored (so two genuinely identical rows in one file are two engagements, once).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from advisers.models import Adviser, Engagement, days_problem, format_days
from councils.models import Council
from improvement_portal import audit, idempotency, spreadsheets

REQUIRED_COLUMNS = [
    "council",
    "adviser",
    "date",
    "days",
    "strand",
    "activity",
    "funding",
    "commissioned_by_dfe",
    "summary",
]
OPTIONAL_COLUMNS = ["follow_up_on", "confidential_notes"]
CHOICES = {
    "strand": Engagement.Strand.values,
    "activity": Engagement.Activity.values,
    "funding": Engagement.Funding.values,
}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}

Identity = tuple[int, int, datetime.date, str, str, Decimal, str]


class ImportFailed(Exception):
    """The file could not be imported; ``errors`` names each problem by line."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    already_present: int = 0
    dry_run: bool = False
    ignored_columns: list[str] = field(default_factory=list)
    # ("Line 2", "Added: Camden, 3 March 2025, …") for every row, in file order.
    lines: list[tuple[str, str]] = field(default_factory=list)

    def __str__(self) -> str:
        verb = "would create" if self.dry_run else "created"
        text = (
            f"{self.rows} row{'s' if self.rows != 1 else ''} read: {verb} {self.created}, "
            f"{self.already_present} already present."
        )
        if self.ignored_columns:
            text += f" Ignored columns: {', '.join(self.ignored_columns)}."
        if self.dry_run:
            text += " Dry run: nothing was written."
        return text


def import_engagements(
    *,
    path: str | Path | None = None,
    name: str = "",
    data: bytes | None = None,
    dry_run: bool = False,
    actor: Any = None,
) -> ImportResult:
    """Check every row, then create the engagements not already stored (all or nothing).

    The file is ``path``, or ``data`` named ``name`` (an upload); ``actor`` is named in the
    audit rows of what is created.
    """
    if data is None:
        path = Path(path or "")
        if not path.is_file():
            raise ImportFailed([f"No file at {path}"])
        name, data = path.name, path.read_bytes()
    header, rows = _read(name, data)
    result = ImportResult(dry_run=dry_run)
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ImportFailed(
            [f"Line 1: missing column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}"]
        )
    result.ignored_columns = [
        column for column in header if column and column not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS
    ]
    engagements = _checked(rows, result)
    with transaction.atomic():
        # Two imports at once would each find the other's rows not yet stored: the second
        # waits here until the first has committed, then sees its rows as already present.
        idempotency.hold_lock("advisers.import_engagements")
        to_create = _not_yet_stored([engagement for _, engagement in engagements])
        result.created = len(to_create)
        result.already_present = len(engagements) - len(to_create)
        result.lines = _describe(engagements, to_create, dry_run=dry_run)
        if not dry_run:
            Engagement.objects.bulk_create(to_create, batch_size=1000)
            audit.log_created(to_create, actor=actor)
    return result


def _checked(
    rows: Iterator[tuple[int, dict[str, Any]]], result: ImportResult
) -> list[tuple[int, Engagement]]:
    checker = _RowChecker()
    engagements: list[tuple[int, Engagement]] = []
    errors: list[str] = []
    for line, row in rows:
        result.rows += 1
        engagement, problems = checker.check(row)
        errors += [f"Line {line}: {problem}" for problem in problems]
        if engagement is not None:
            engagements.append((line, engagement))
    if errors:
        raise ImportFailed(errors)
    return engagements


def _describe(
    engagements: list[tuple[int, Engagement]], to_create: list[Engagement], *, dry_run: bool
) -> list[tuple[str, str]]:
    new = {id(engagement) for engagement in to_create}
    verb = "Would add" if dry_run else "Added"
    lines = []
    for line, engagement in engagements:
        what = (
            f"{engagement.council.name}, {engagement.date.day} {engagement.date:%B %Y}, "
            f"{format_days(engagement.days)} day{'s' if engagement.days != 1 else ''} of "
            f"{engagement.get_strand_display().lower()} by {engagement.adviser}"
        )
        state = verb if id(engagement) in new else "Already in the portal, left as it is"
        lines.append((f"Line {line}", f"{state}: {what}"))
    return lines


def identity(engagement: Engagement) -> Identity:
    return (
        engagement.council_id,
        engagement.adviser_id,
        engagement.date,
        engagement.strand,
        engagement.activity,
        Decimal(engagement.days).quantize(Decimal("0.1")),
        engagement.summary.strip(),
    )


def _not_yet_stored(engagements: list[Engagement]) -> list[Engagement]:
    if not engagements:
        return []
    stored = Counter(
        (c, a, d, s, act, Decimal(days).quantize(Decimal("0.1")), summary.strip())
        for c, a, d, s, act, days, summary in Engagement.objects.select_for_update()
        .filter(
            council_id__in={e.council_id for e in engagements},
            adviser_id__in={e.adviser_id for e in engagements},
            date__in={e.date for e in engagements},
        )
        .values_list("council_id", "adviser_id", "date", "strand", "activity", "days", "summary")
    )
    to_create = []
    for engagement in engagements:
        key = identity(engagement)
        if stored[key] > 0:
            stored[key] -= 1
        else:
            to_create.append(engagement)
    return to_create


# Reading ------------------------------------------------------------------------------------


def _read(name: str, data: bytes) -> tuple[list[str], Iterator[tuple[int, dict[str, Any]]]]:
    if name.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(data)
    return _read_csv(data)


def _read_csv(data: bytes) -> tuple[list[str], Iterator[tuple[int, dict[str, Any]]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(
            ["The file is not UTF-8 text: save it as CSV UTF-8 and try again"]
        ) from None
    reader = csv.reader(text.splitlines(keepends=True))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise ImportFailed(["Line 1: the file is empty"]) from None

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        start = reader.line_num + 1
        for values in reader:
            if any(value.strip() for value in values):
                yield start, dict(zip(header, values, strict=False))
            start = reader.line_num + 1

    return header, rows()


def _read_xlsx(data: bytes) -> tuple[list[str], Iterator[tuple[int, dict[str, Any]]]]:
    try:
        workbook = spreadsheets.open_xlsx(io.BytesIO(data))
    except spreadsheets.SpreadsheetTooLarge as error:
        raise ImportFailed([str(error)]) from None
    except Exception as error:  # openpyxl raises many kinds for a damaged or wrong file
        raise ImportFailed([f"The file could not be read as a spreadsheet ({error})"]) from None
    all_rows = spreadsheets.xlsx_rows(workbook.worksheets[0], spreadsheets.CellBudget())
    try:
        _, first = next(all_rows)
    except StopIteration:
        raise ImportFailed(["Line 1: the spreadsheet is empty"]) from None
    except spreadsheets.SpreadsheetTooLarge as error:
        raise ImportFailed([str(error)]) from None
    header = [str(name or "").strip().lower() for name in first]

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        try:
            for line, values in all_rows:
                if any(value not in (None, "") for value in values):
                    yield line, dict(zip(header, values, strict=False))
        except spreadsheets.SpreadsheetTooLarge as error:
            raise ImportFailed([str(error)]) from None
        finally:
            workbook.close()

    return header, rows()


# Checking -----------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _as_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(_text(value))
    except ValueError:
        return None


class _RowChecker:
    """Turns one row into an unsaved Engagement, or says what is wrong with it."""

    def __init__(self) -> None:
        self.councils: dict[str, Council] = {}
        for council in Council.objects.all():
            self.councils[council.gss_code.upper()] = council
            for code in council.previous_codes or []:
                self.councils.setdefault(str(code).upper(), council)
        self.advisers = {a.user.email.lower(): a for a in Adviser.objects.select_related("user")}
        self.today = timezone.localdate()

    def check(self, row: dict[str, Any]) -> tuple[Engagement | None, list[str]]:
        problems: list[str] = []
        council = self.councils.get(_text(row.get("council")).upper())
        if council is None:
            problems.append(f"council: no council has the GSS code {_text(row.get('council'))!r}")
        adviser = self.advisers.get(_text(row.get("adviser")).lower())
        if adviser is None:
            problems.append(f"adviser: no adviser has the email {_text(row.get('adviser'))!r}")
        day = self._date(row, problems)
        days = self._days(row, problems)
        choices = {name: self._choice(row, name, problems) for name in CHOICES}
        dfe = self._yes_no(row, problems)
        summary = _text(row.get("summary"))
        if not summary:
            problems.append("summary: enter a summary of the engagement")
        follow_up = self._follow_up(row, day, problems)
        if council and day and not council.accepts_records_on(day):
            problems.append(f"date: {council.record_date_problem(day)}")
        # A missing date or number of days is always among the problems.
        if problems or day is None or days is None:
            return None, problems
        return (
            Engagement(
                council=council,
                adviser=adviser,
                date=day,
                days=days,
                commissioned_by_dfe=dfe,
                summary=summary,
                follow_up_on=follow_up,
                confidential_notes=_text(row.get("confidential_notes")),
                **choices,
            ),
            [],
        )

    def _date(self, row: dict[str, Any], problems: list[str]) -> datetime.date | None:
        day = _as_date(row.get("date"))
        if day is None:
            problems.append(
                f"date: enter the date as YYYY-MM-DD, for example 2025-03-03 (not {_text(row.get('date'))!r})"
            )
        elif day > self.today:
            problems.append(f"date: {day.isoformat()} is in the future")
        return day

    def _days(self, row: dict[str, Any], problems: list[str]) -> Decimal | None:
        try:
            days = Decimal(_text(row.get("days")))
        except InvalidOperation:
            problems.append("days: enter the number of days, for example 1.5")
            return None
        problem = days_problem(days)
        if problem:
            problems.append(f"days: {problem[0].lower()}{problem[1:]}")
            return None
        return days.quantize(Decimal("0.1"))

    def _choice(self, row: dict[str, Any], name: str, problems: list[str]) -> str:
        value = _text(row.get(name)).lower()
        if value not in CHOICES[name]:
            problems.append(
                f"{name}: {value!r} is not one of {', '.join(CHOICES[name])}"
                if value
                else f"{name}: enter one of {', '.join(CHOICES[name])}"
            )
        return value

    def _yes_no(self, row: dict[str, Any], problems: list[str]) -> bool:
        value = row.get("commissioned_by_dfe")
        if isinstance(value, bool):
            return value
        text = _text(value).lower()
        if text not in YES | NO:
            problems.append(f"commissioned_by_dfe: enter yes or no (not {_text(value)!r})")
        return text in YES

    def _follow_up(
        self, row: dict[str, Any], day: datetime.date | None, problems: list[str]
    ) -> datetime.date | None:
        if not _text(row.get("follow_up_on")):
            return None
        follow_up = _as_date(row.get("follow_up_on"))
        if follow_up is None:
            problems.append("follow_up_on: enter the date as YYYY-MM-DD, for example 2025-03-03")
        elif day and follow_up <= day:
            problems.append("follow_up_on: the follow-up date must be after the engagement date")
        return follow_up
