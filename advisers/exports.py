"""The engagement log as CSV rows, streamed: constant memory whatever the row count; or XLSX."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import models

from advisers import permissions
from advisers.models import Engagement, format_days
from improvement_portal import downloads

HEADER = [
    "Date",
    "Council GSS code",
    "Council",
    "Region",
    "Adviser",
    "Adviser email",
    "Strand",
    "Activity",
    "Funding basis",
    "Days",
    "Commissioned by DfE",
    "Summary",
    "Follow-up date",
]
NOTES_HEADER = "Confidential notes"
FIELDS = [
    "date",
    "council__gss_code",
    "council__name",
    "council__region__name",
    "adviser__user__full_name",
    "adviser__user__email",
    "strand",
    "activity",
    "funding",
    "days",
    "commissioned_by_dfe",
    "summary",
    "follow_up_on",
]
LABELS = {
    "strand": dict(Engagement.Strand.choices),
    "activity": dict(Engagement.Activity.choices),
    "funding": dict(Engagement.Funding.choices),
}
CHUNK_SIZE = 2000


def includes_notes(user: Any) -> bool:
    """Whether the export has a confidential notes column at all for this user."""
    return permissions.confidential_notes_q(user) != models.Q(pk__in=[])


def _notes_expression(user: Any) -> models.F | models.Case:
    q = permissions.confidential_notes_q(user)
    if q is None:
        return models.F("confidential_notes")
    return models.Case(
        models.When(q, then=models.F("confidential_notes")),
        default=models.Value(""),
        output_field=models.TextField(),
    )


def header(user: Any) -> list[str]:
    return HEADER + ([NOTES_HEADER] if includes_notes(user) else [])


def engagement_rows(queryset: models.QuerySet[Engagement], user: Any) -> Iterator[list[str]]:
    """The header, then one row per engagement; notes only where the user may see them."""
    yield header(user)
    fields = list(FIELDS)
    if includes_notes(user):
        queryset = queryset.annotate(export_notes=_notes_expression(user))
        fields.append("export_notes")
    # The list's sort when one was chosen; otherwise oldest first, as a log reads.
    if not queryset.query.order_by:
        queryset = queryset.order_by("date", "pk")
    rows = queryset.values_list(*fields).iterator(chunk_size=CHUNK_SIZE)
    for row in rows:
        yield _readable(row)


# Columns people type into; the rest are dates, codes, labels and numbers the portal writes.
FREE_TEXT = (2, 3, 4, 5, 11, 13)
STRANDS, ACTIVITIES, FUNDING = LABELS["strand"], LABELS["activity"], LABELS["funding"]


def _readable(row: tuple[Any, ...]) -> list[Any]:
    values = list(row)
    values[0] = values[0].isoformat()
    values[6] = STRANDS.get(values[6], values[6])
    values[7] = ACTIVITIES.get(values[7], values[7])
    values[8] = FUNDING.get(values[8], values[8])
    values[9] = format_days(values[9])
    values[10] = "yes" if values[10] else "no"
    values[12] = values[12].isoformat() if values[12] else ""
    for index in FREE_TEXT:
        if index < len(values):
            values[index] = downloads.guard_cell(values[index])
    return values


def as_xlsx(rows: Iterable[list[Any]], *, title: str) -> Any:
    """A workbook of the rows (the first is the header), in a temporary file read from the start.

    openpyxl's write-only mode keeps little in memory; the file spills to disk past 8 MB.
    """
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    for row in rows:
        sheet.append(row)
    # Returned open: the response reads it and closes it when sent.
    handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return handle
