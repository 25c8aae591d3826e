"""Write use cases for councils: the real list of English councils, and Ofsted outcomes."""

from __future__ import annotations

import csv
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from councils.models import Council, OfstedInspection, OfstedUpload, Region
from councils.ofsted_import import LineError, ParsedFile, read_ofsted_file
from councils.ofsted_import.identity import Change, Plan, plan_import
from councils.ofsted_import.matching import CouncilDirectory
from improvement_portal import uploads

DATA_DIR = Path(__file__).resolve().parent / "data"
OFSTED_DIR = DATA_DIR / "ofsted"

KINDS = {
    "Counties": Council.Kind.COUNTY,
    "Unitary Authorities": Council.Kind.UNITARY,
    "Metropolitan Districts": Council.Kind.METROPOLITAN,
    "London Boroughs": Council.Kind.LONDON,
}

# Councils ended by a merger or split, and the councils that took over their duties.
# Recodes (same DfE number) are not here: they are the same council under a new code.
FORMER_COUNCILS = {
    "E06000028": ["E06000058"],  # Bournemouth -> Bournemouth, Christchurch and Poole (2019)
    "E06000029": ["E06000058"],  # Poole -> Bournemouth, Christchurch and Poole (2019)
    "E10000009": ["E06000059", "E06000058"],  # Dorset county -> Dorset; Christchurch to BCP
    "E10000021": ["E06000061", "E06000062"],  # Northamptonshire -> North and West (2021)
    "E10000006": ["E06000063", "E06000064"],  # Cumbria -> Cumberland, Westmorland and Furness
}
FORMER_KINDS = {"E06": Council.Kind.UNITARY, "E10": Council.Kind.COUNTY}


@dataclass
class LoadResult:
    regions: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return (
            f"{self.regions} regions; {self.created} councils added, "
            f"{self.updated} updated, {self.unchanged} unchanged"
        )


def _parse_date(text: str) -> date:
    return datetime.strptime(text.strip(), "%d/%m/%Y").date()


def _read(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def load_councils() -> LoadResult:
    """Create or update the 9 regions, 153 current and 5 former councils (idempotent)."""
    regions = _load_regions()
    every_la = _read("las_all_with_former.csv")
    operation = {row["new_la_code"]: row for row in every_la}
    wanted: dict[str, dict[str, object]] = {}
    for row in _read("local_authorities.csv"):
        previous = [code for code in row["previous_area_codes_same_la_number"].split(";") if code]
        starts = [_parse_date(row["date_of_operation"])]
        starts += [_parse_date(operation[code]["date_of_operation"]) for code in previous]
        wanted[row["la_area_code"]] = {
            "previous_codes": previous,
            "la_number": row["old_la_code"],
            "name": row["la_name"],
            "ofsted_name": row["ofsted_2025_la_name"],
            "slug": slugify(row["la_name"]),
            "kind": KINDS[row["la_type"]],
            "region_id": regions[row["region_code"]].pk,
            "active_from": min(starts),
            "active_to": None,
        }
    for code in FORMER_COUNCILS:
        row = operation[code]
        wanted[code] = {
            "previous_codes": [],
            "la_number": row["old_la_code"],
            "name": row["la_name"],
            "ofsted_name": row["la_name"],
            "slug": f"{slugify(row['la_name'])}-former",
            "kind": FORMER_KINDS[row["entity_code"]],
            "region_id": regions[row["parent_geography_code"]].pk,
            "active_from": _parse_date(row["date_of_operation"]),
            "active_to": _parse_date(row["date_of_termination"]),
        }
    result = LoadResult(regions=len(regions))
    _save_councils(wanted, result)
    by_code = Council.objects.in_bulk(list(wanted), field_name="gss_code")
    for code, successor_codes in FORMER_COUNCILS.items():
        by_code[code].successors.set([by_code[successor] for successor in successor_codes])
    return result


def _load_regions() -> dict[str, Region]:
    existing = Region.objects.in_bulk(field_name="code")
    regions = {}
    for row in _read("regions.csv"):
        code, name = row["region_code"], row["region_name"]
        if not code.startswith("E12"):
            continue
        region = existing.get(code) or Region(code=code)
        if region.pk is None or (region.name, region.slug) != (name, slugify(name)):
            region.name, region.slug = name, slugify(name)
            region.save()
        regions[code] = region
    return regions


def _save_councils(wanted: dict[str, dict[str, object]], result: LoadResult) -> None:
    existing = Council.objects.in_bulk(list(wanted), field_name="gss_code")
    new, changed, changed_fields = [], [], set()
    for code, fields in wanted.items():
        council = existing.get(code)
        if council is None:
            new.append(Council(gss_code=code, **fields))
            continue
        names = [name for name, value in fields.items() if getattr(council, name) != value]
        for name in names:
            setattr(council, name, fields[name])
        if names:
            council.updated_at = timezone.now()
            changed.append(council)
            changed_fields.update(names)
    Council.objects.bulk_create(new)
    if changed:
        Council.objects.bulk_update(changed, [*changed_fields, "updated_at"])
    result.created, result.updated = len(new), len(changed)
    result.unchanged = len(wanted) - len(new) - len(changed)


@dataclass
class OfstedImportResult:
    """What an import of one file did, or would do: counts, and every line with a problem."""

    file_name: str
    dry_run: bool
    format: str = ""
    rows: int = 0
    as_at: date | None = None
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[LineError] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def has_changes(self) -> bool:
        return bool(self.created or self.updated)

    def summary(self) -> str:
        if self.errors:
            lines = "line has a problem" if len(self.errors) == 1 else "lines have problems"
            return f"{len(self.errors)} {lines}, so nothing was imported from {self.file_name}."
        if not self.has_changes:
            return (
                f"Nothing to import: all {self.unchanged} inspections in {self.file_name} are "
                "already in the portal, so nothing changed."
            )
        if self.dry_run:
            return (
                f"{self.file_name} is ready to import: it adds {_inspections(self.created)} and "
                f"updates {self.updated}; {self.unchanged} are already in the portal as they are. "
                "Nothing has been written yet."
            )
        return (
            f"Imported {self.file_name}: added {_inspections(self.created)} and updated "
            f"{self.updated}; {self.unchanged} were already in the portal as they are."
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "file_name": self.file_name,
            "dry_run": self.dry_run,
            "format": self.format,
            "rows": self.rows,
            "as_at": self.as_at.isoformat() if self.as_at else None,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [[error.where, error.reason] for error in self.errors],
            "changes": [[change.where, change.description] for change in self.changes],
            "summary": self.summary(),
        }


def _inspections(count: int) -> str:
    return f"{count} inspection" if count == 1 else f"{count} inspections"


def import_ofsted_file(*, name: str, data: bytes, dry_run: bool = False) -> OfstedImportResult:
    """Import one Ofsted outcome file all-or-nothing; importing it again changes nothing.

    Every bad line (unknown grade, unparseable date, unknown council) is reported and nothing
    is written. Rows matching an inspection already stored update it only when the file is
    newer (see ``councils.ofsted_import.identity``).
    """
    parsed = read_ofsted_file(name, data)
    result = OfstedImportResult(
        file_name=name, dry_run=dry_run, format=parsed.format, rows=len(parsed.records)
    )
    result.as_at = parsed.as_at
    resolved = _resolve_councils(parsed)
    result.errors = parsed.errors + [error for error in resolved if isinstance(error, LineError)]
    if result.errors:
        result.errors.sort(key=_line_order)
        return result
    pairs = [pair for pair in resolved if not isinstance(pair, LineError)]
    with transaction.atomic():
        council_ids = sorted({council_id for _, council_id in pairs})
        if not dry_run:
            # Concurrent imports touching the same councils take turns.
            list(Council.objects.select_for_update().filter(pk__in=council_ids).values("pk"))
        existing = OfstedInspection.objects.filter(council_id__in=council_ids)
        names = dict(Council.objects.filter(pk__in=council_ids).values_list("pk", "name"))
        plan = plan_import(pairs, existing, parsed.as_at, names)
        if not dry_run:
            _write(plan)
    result.created, result.updated = len(plan.created), len(plan.updated)
    result.unchanged, result.changes = len(plan.unchanged), plan.changes
    return result


def _resolve_councils(parsed: ParsedFile) -> list[tuple[Any, int] | LineError]:
    directory = CouncilDirectory.load()
    resolved: list[tuple[Any, int] | LineError] = []
    for record in parsed.records:
        council = directory.resolve(record)
        if isinstance(council, str):
            resolved.append(LineError(record.where, council))
        else:
            resolved.append((record, council.pk))
    return resolved


def _line_order(error: LineError) -> tuple[str, int]:
    """Errors in the order a person reads the file: by sheet, then by line or row number."""
    match = re.match(r"(?:Sheet “(.*)”, row|Line) (\d+)", error.where)
    return (match.group(1) or "", int(match.group(2))) if match else ("", 0)


def _write(plan: Plan) -> None:
    OfstedInspection.objects.bulk_create(plan.created, batch_size=500)
    if plan.updated:
        now = timezone.now()
        for inspection in plan.updated.values():
            inspection.updated_at = now
        fields = [*plan.changed_fields, "source", "source_as_at", "updated_at"]
        OfstedInspection.objects.bulk_update(plan.updated.values(), fields, batch_size=500)


def import_ofsted_directory(directory: Path = OFSTED_DIR) -> list[OfstedImportResult]:
    """Import every Ofsted file shipped with the portal (idempotent)."""
    paths = sorted(path for path in directory.iterdir() if path.suffix in (".csv", ".ods"))
    return [import_ofsted_file(name=path.name, data=path.read_bytes()) for path in paths]


def upload_ofsted_file(
    *, uploaded_file: UploadedFile, actor: Any, submission_key: uuid.UUID | None = None
) -> OfstedUpload:
    """Keep the uploaded file and have it checked (a dry run) in the background, once per
    ``submission_key``."""
    from councils import tasks

    return uploads.keep_upload(
        OfstedUpload,
        uploaded_file=uploaded_file,
        actor=actor,
        submission_key=submission_key,
        check=tasks.check_ofsted_upload,
    )


def check_ofsted_upload(*, upload_id: int) -> None:
    """Dry-run the uploaded file and record the per-line report; safe to run more than once."""
    upload = OfstedUpload.objects.get(pk=upload_id)
    if upload.status != OfstedUpload.Status.CHECKING:
        return
    result = import_ofsted_file(name=upload.file_name, data=upload.read(), dry_run=True)
    if not result.ok:
        upload.status = OfstedUpload.Status.REJECTED
    elif result.has_changes:
        upload.status = OfstedUpload.Status.READY
    else:
        upload.status = OfstedUpload.Status.NOTHING_NEW
    upload.report = result.as_json()
    upload.save(update_fields=["status", "report", "updated_at"])


def confirm_ofsted_upload(*, upload: OfstedUpload, actor: Any) -> bool:
    """Claim a checked upload for importing; False when it is not (or no longer) ready."""
    from councils import tasks

    return uploads.claim_upload(
        upload, apply=tasks.apply_ofsted_upload, args=(upload.pk,), imported_by=actor
    )


def apply_ofsted_upload(*, upload_id: int) -> None:
    """Import a claimed upload for real and record the report; runs once per claim."""
    upload = OfstedUpload.objects.get(pk=upload_id)
    if upload.status != OfstedUpload.Status.IMPORTING:
        return
    result = import_ofsted_file(name=upload.file_name, data=upload.read())
    upload.status = OfstedUpload.Status.IMPORTED if result.ok else OfstedUpload.Status.REJECTED
    upload.report = result.as_json()
    upload.imported_at = timezone.now()
    upload.save(update_fields=["status", "report", "imported_at", "updated_at"])
