"""When two rows describe the same inspection, and what a row changes in a stored one.

Ofsted's files overlap (the 2023 history and the 2025 workbook both list most ILACS
inspections) and later files correct earlier ones: the 2023 file dates Nottingham's 2022
report 5 November, the 2025 file 5 September. So an inspection is identified by:

- the same council and the same framework (SIF or ILACS);
- both judged inspections, or both visits of the same kind (focused or monitoring);
- for judged inspections, publication dates at most ``SAME_INSPECTION_WINDOW`` apart (or the
  same inspection date, when both rows give one). A council is never inspected twice under
  one framework within a few months: reports follow each other by years;
- for visits, the same visit date (or, when a row lacks it, the same publication date).

A row from a newer file (``source_as_at`` later than the stored one's) overwrites every value
it gives; a row from an older or equally current file only fills values still empty. A blank
never erases a value. Importing the same files in any order therefore gives the same data.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from councils.models import Grade, OfstedInspection
from councils.ofsted_import.records import GRADE_FIELDS, JUDGED_KINDS, InspectionRecord

SAME_INSPECTION_WINDOW = datetime.timedelta(days=120)
MERGED_FIELDS = ("kind", "inspected_on", "published_on", *GRADE_FIELDS, "visit_theme")
FIELD_LABELS = {
    "kind": "type",
    "inspected_on": "inspection date",
    "published_on": "publication date",
    "overall_effectiveness": "overall effectiveness",
    "leadership": "leadership",
    "help_and_protection": "help and protection",
    "children_in_care": "children in care",
    "care_leavers": "care leavers",
    "visit_theme": "visit theme",
}


@dataclass
class Change:
    """What one line does to the portal's data, for the import report."""

    where: str
    description: str

    def __str__(self) -> str:
        return f"{self.where}: {self.description}"


@dataclass
class Plan:
    """The inspections an import would create and update, and those it leaves as they are."""

    created: list[OfstedInspection] = field(default_factory=list)
    updated: dict[int, OfstedInspection] = field(default_factory=dict)
    unchanged: set[int] = field(default_factory=set)
    changes: list[Change] = field(default_factory=list)
    changed_fields: set[str] = field(default_factory=set)


def plan_import(
    resolved: Iterable[tuple[InspectionRecord, int]],
    existing: Iterable[OfstedInspection],
    as_at: datetime.date | None,
    council_names: dict[int, str],
) -> Plan:
    """Match every record to a stored or planned inspection, or plan a new one."""
    pool: dict[int, list[OfstedInspection]] = defaultdict(list)
    for inspection in existing:
        pool[inspection.council_id].append(inspection)
    plan = Plan()
    for record, council_id in resolved:
        record_as_at = record.source_as_at or as_at
        what = f"{council_names[council_id]}, {_describe(record)}"
        match = find_same(pool[council_id], record)
        if match is None:
            inspection = _new_inspection(record, council_id, record_as_at)
            pool[council_id].append(inspection)
            plan.created.append(inspection)
            plan.changes.append(Change(record.where, f"adds {what}"))
            continue
        changed = merge(match, record, record_as_at)
        if match.pk is None:
            continue
        if changed:
            plan.updated[match.pk] = match
            plan.unchanged.discard(match.pk)
            plan.changed_fields.update(changed)
            plan.changes.append(Change(record.where, f"updates {what}: {changed_text(changed)}"))
        elif match.pk not in plan.updated:
            plan.unchanged.add(match.pk)
    return plan


def find_same(
    candidates: Iterable[OfstedInspection], record: InspectionRecord
) -> OfstedInspection | None:
    """The inspection among ``candidates`` that the record describes, if any."""
    best, best_distance = None, None
    for inspection in candidates:
        distance = _distance(inspection, record)
        if distance is not None and (best_distance is None or distance < best_distance):
            best, best_distance = inspection, distance
    return best


def _distance(inspection: OfstedInspection, record: InspectionRecord) -> datetime.timedelta | None:
    if inspection.framework != record.framework:
        return None
    if (inspection.kind in JUDGED_KINDS) != record.is_judged:
        return None
    both_inspected = inspection.inspected_on and record.inspected_on
    if not record.is_judged:
        if inspection.kind != record.kind:
            return None
        if both_inspected:
            return datetime.timedelta(0) if inspection.inspected_on == record.inspected_on else None
        same_day = inspection.published_on and inspection.published_on == record.published_on
        return datetime.timedelta(0) if same_day else None
    if both_inspected and inspection.inspected_on == record.inspected_on:
        return datetime.timedelta(0)
    if inspection.published_on and record.published_on:
        distance = abs(inspection.published_on - record.published_on)
        return distance if distance <= SAME_INSPECTION_WINDOW else None
    return None


def merge(
    inspection: OfstedInspection, record: InspectionRecord, as_at: datetime.date | None
) -> dict[str, tuple[object, object]]:
    """Apply the record to the inspection; returns each changed field with (old, new)."""
    newer = inspection.source_as_at is None or (
        as_at is not None and as_at > inspection.source_as_at
    )
    changed: dict[str, tuple[object, object]] = {}
    for name in MERGED_FIELDS:
        value = _record_value(record, name)
        current = getattr(inspection, name)
        if value in (None, "") or value == current:
            continue
        if newer or current in (None, ""):
            changed[name] = (current, value)
            setattr(inspection, name, value)
    if changed and newer:
        inspection.source = record.source
        inspection.source_as_at = as_at
    return changed


def _record_value(record: InspectionRecord, name: str) -> object:
    if name in GRADE_FIELDS:
        return record.grades.get(name)
    return getattr(record, name)


def _new_inspection(
    record: InspectionRecord, council_id: int, as_at: datetime.date | None
) -> OfstedInspection:
    return OfstedInspection(
        council_id=council_id,
        framework=record.framework,
        kind=record.kind,
        inspected_on=record.inspected_on,
        published_on=record.published_on,
        visit_theme=record.visit_theme,
        source=record.source[:200],
        source_as_at=as_at,
        **{name: record.grades.get(name) for name in GRADE_FIELDS},
    )


def _describe(record: InspectionRecord) -> str:
    kind = OfstedInspection.Kind(record.kind).label
    day = record.published_on or record.inspected_on
    label = "published" if record.published_on else "visited"
    return f"{kind} {label} {day:%-d %B %Y}" if day else kind


def changed_text(changed: dict[str, tuple[object, object]]) -> str:
    parts = []
    for name, (old, new) in changed.items():
        parts.append(f"{FIELD_LABELS[name]} {_show(name, old)} → {_show(name, new)}")
    return "; ".join(parts)


def _show(name: str, value: Any) -> str:
    if value in (None, ""):
        return "none"
    if isinstance(value, datetime.date):
        return f"{value:%-d %B %Y}"
    if name in GRADE_FIELDS:
        return Grade(value).label
    if name == "kind":
        return OfstedInspection.Kind(value).label
    return str(value)
