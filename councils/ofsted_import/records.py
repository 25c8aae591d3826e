"""Plain data passed between reading, parsing, matching and writing Ofsted outcome files."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from councils.models import OfstedInspection

JUDGED_KINDS = frozenset(
    {
        OfstedInspection.Kind.SIF_FIRST,
        OfstedInspection.Kind.SIF_REINSPECTION,
        OfstedInspection.Kind.ILACS_STANDARD,
        OfstedInspection.Kind.ILACS_SHORT,
    }
)
GRADE_FIELDS = OfstedInspection.JUDGEMENT_FIELDS


@dataclass(frozen=True)
class LineError:
    """A line of a file that cannot be imported, and why, in words a user can act on."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class InspectionRecord:
    """One inspection or visit as a file describes it, before it is matched to a council."""

    where: str
    council_code: str
    council_name: str
    framework: str
    kind: str
    inspected_on: datetime.date | None = None
    published_on: datetime.date | None = None
    grades: dict[str, int | None] = field(default_factory=dict)
    visit_theme: str = ""
    source: str = ""
    source_as_at: datetime.date | None = None

    @property
    def is_judged(self) -> bool:
        return self.kind in JUDGED_KINDS

    @property
    def date(self) -> datetime.date | None:
        """The date that places the inspection in a council's life: published, else inspected."""
        return self.published_on or self.inspected_on


@dataclass
class ParsedFile:
    """Everything read from one file: its records, its bad lines, and how current it is."""

    name: str
    format: str
    records: list[InspectionRecord] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)

    @property
    def as_at(self) -> datetime.date | None:
        """How current the file is: its latest date (Ofsted files carry no other marker)."""
        dates = [record.date for record in self.records if record.date]
        return max(dates) if dates else None
