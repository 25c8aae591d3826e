"""Write use cases for councils: loading the real list of English councils."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from councils.models import Council, Region

DATA_DIR = Path(__file__).resolve().parent / "data"

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
    regions = {}
    for row in _read("regions.csv"):
        if row["region_code"].startswith("E12"):
            regions[row["region_code"]], _ = Region.objects.update_or_create(
                code=row["region_code"],
                defaults={"name": row["region_name"], "slug": slugify(row["region_name"])},
            )
    every_la = _read("las_all_with_former.csv")
    operation = {row["new_la_code"]: row for row in every_la}
    result = LoadResult(regions=len(regions))
    for row in _read("local_authorities.csv"):
        previous = [code for code in row["previous_area_codes_same_la_number"].split(";") if code]
        starts = [_parse_date(row["date_of_operation"])]
        starts += [_parse_date(operation[code]["date_of_operation"]) for code in previous]
        fields = {
            "previous_codes": previous,
            "la_number": row["old_la_code"],
            "name": row["la_name"],
            "ofsted_name": row["ofsted_2025_la_name"],
            "slug": slugify(row["la_name"]),
            "kind": KINDS[row["la_type"]],
            "region": regions[row["region_code"]],
            "active_from": min(starts),
            "active_to": None,
        }
        _count(result, _save(row["la_area_code"], fields))
    for code, successor_codes in FORMER_COUNCILS.items():
        row = operation[code]
        fields = {
            "previous_codes": [],
            "la_number": row["old_la_code"],
            "name": row["la_name"],
            "ofsted_name": row["la_name"],
            "slug": f"{slugify(row['la_name'])}-former",
            "kind": FORMER_KINDS[row["entity_code"]],
            "region": regions[row["parent_geography_code"]],
            "active_from": _parse_date(row["date_of_operation"]),
            "active_to": _parse_date(row["date_of_termination"]),
        }
        _count(result, _save(code, fields))
        former = Council.objects.get(gss_code=code)
        former.successors.set(Council.objects.filter(gss_code__in=successor_codes))
    return result


def _count(result: LoadResult, outcome: str) -> None:
    setattr(result, outcome, getattr(result, outcome) + 1)


def _save(gss_code: str, fields: dict[str, object]) -> str:
    council = Council.objects.filter(gss_code=gss_code).first()
    if council is None:
        Council.objects.create(gss_code=gss_code, **fields)
        return "created"
    changed = [name for name, value in fields.items() if getattr(council, name) != value]
    if not changed:
        return "unchanged"
    for name in changed:
        setattr(council, name, fields[name])
    council.save(update_fields=[*changed, "updated_at"])
    return "updated"
