"""What the council pages read: each function runs a fixed number of queries."""

from __future__ import annotations

import calendar
import datetime
import operator
from collections.abc import Iterator
from typing import Any

from django.db import models

from councils import trajectories
from councils.filters import SORTS
from councils.models import Council, Grade, OfstedInspection, Region
from councils.ofsted_import.formats import PORTAL_COLUMNS
from improvement_portal import downloads, sorting

SORT_LABELS = {
    "name": "Council",
    "region": "Region",
    "kind": "Type",
    "overall": "Overall effectiveness",
    "leadership": "Leadership",
    "published": "Published",
}


def council_list_queryset(on: datetime.date) -> Any:
    return Council.objects.select_related("region").with_latest_judgements(on)


def sort_columns(current: str) -> list[dict[str, str]]:
    """Each sortable column's label, the sort its header link asks for, and its aria-sort."""
    return sorting.sort_columns({key: SORT_LABELS[key] for key in SORTS}, current)


def council_history(council: Council, today: datetime.date) -> dict[str, Any]:
    """The council's inspections newest first, each judgement's move, and its neighbours."""
    inspections = list(council.inspections.order_by("-published_on", "-inspected_on", "-pk"))
    moves = {inspection.pk: steps for inspection, steps in trajectories.steps(inspections)}
    last_full = trajectories.latest_inspection(inspections, on=today)
    predecessors, successors = _neighbours(council)
    return {
        "inspections": [(inspection, moves.get(inspection.pk)) for inspection in inspections],
        "judgement_labels": _judgement_labels(),
        "last_full": last_full,
        "judged_count": len(moves),
        "predecessors": predecessors,
        "successors": successors,
    }


def _neighbours(council: Council) -> tuple[list[Council], list[Council]]:
    """The councils this one took over from and those that replaced it, each by name, read
    together: both are links of the same table, and most councils have neither."""
    links = Council.successors.through.objects.filter(
        models.Q(from_council=council) | models.Q(to_council=council)
    ).select_related("from_council", "to_council")
    predecessors, successors = [], []
    for link in links:
        if link.to_council_id == council.pk:
            predecessors.append(link.from_council)
        else:
            successors.append(link.to_council)
    by_name = operator.attrgetter("name")
    return sorted(predecessors, key=by_name), sorted(successors, key=by_name)


def _judgement_labels() -> list[str]:
    return [
        "Overall effectiveness",
        "Leadership",
        "Help and protection",
        "Children in care",
        "Care leavers",
    ]


def region_summary(on: datetime.date) -> dict[str, Any]:
    """For each region, how many of its councils on ``on`` had each latest overall judgement."""
    councils = list(
        Council.objects.active_on(on).only("id", "region_id", "active_from", "active_to")
    )
    history = trajectories.load_history()
    grades = trajectories.latest_grades(councils, history, on=on)
    columns = [*Grade.values, None]
    counts: dict[int, dict[int | None, int]] = {}
    for council in councils:
        row = counts.setdefault(council.region_id, dict.fromkeys(columns, 0))
        row[grades[council.id]] += 1
    rows: list[dict[str, Any]] = []
    for region in Region.objects.all():
        row = counts.get(region.pk, dict.fromkeys(columns, 0))
        rows.append(
            {"region": region, "counts": [row[c] for c in columns], "total": sum(row.values())}
        )
    totals = [sum(row["counts"][i] for row in rows) for i in range(len(columns))]
    return {"rows": rows, "totals": totals, "total": sum(totals)}


def inspection_export_rows() -> Iterator[list[Any]]:
    """Every stored inspection and visit in the portal's import format, header first."""
    yield PORTAL_COLUMNS
    inspections = OfstedInspection.objects.select_related("council").order_by(
        "council__name", "council__gss_code", "published_on", "inspected_on", "pk"
    )
    for inspection in inspections.iterator(chunk_size=500):
        yield [
            inspection.council.gss_code,
            downloads.guard_cell(inspection.council.name),
            inspection.framework,
            inspection.kind,
            _iso(inspection.inspected_on),
            _iso(inspection.published_on),
            *(_grade(getattr(inspection, name)) for name in OfstedInspection.JUDGEMENT_FIELDS),
            downloads.guard_cell(inspection.visit_theme),
            downloads.guard_cell(inspection.source),
            _iso(inspection.source_as_at),
        ]


def _iso(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""


def _grade(value: int | None) -> str:
    return Grade(value).label if value else ""


# Ofsted publishes outcomes every month or so: data older than this may be missing some.
OFSTED_STALE_MONTHS = 4


def months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (the month's last day where it has no such day)."""
    years, month = divmod(day.month - 1 + months, 12)
    year = day.year + years
    return day.replace(
        year=year, month=month + 1, day=min(day.day, calendar.monthrange(year, month + 1)[1])
    )


def ofsted_data_age(today: datetime.date) -> dict[str, Any]:
    """The newest publication date in the portal's Ofsted data, and whether it is stale."""
    newest = OfstedInspection.objects.aggregate(newest=models.Max("published_on"))["newest"]
    return {
        "published_up_to": newest,
        "is_stale": newest is None or today > months_after(newest, OFSTED_STALE_MONTHS),
    }
