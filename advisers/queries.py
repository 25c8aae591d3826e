"""Read-side questions about advisers that other apps ask too (the peer challenge team picker)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from advisers.models import Accreditation, Adviser, Availability


@dataclass
class Candidate:
    """An adviser who may join work between two dates, and why."""

    adviser: Adviser
    accreditations: list[Accreditation] = field(default_factory=list)
    availability: list[Availability] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    @property
    def days_available(self) -> int:
        return max((a.days_available for a in self.availability), default=0)


def _long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _council_ids(council: Any) -> list[int]:
    if council is None:
        return []
    if isinstance(council, int):
        return [council]
    if isinstance(council, Iterable):
        return [c if isinstance(c, int) else c.pk for c in council]
    return [council.pk]


def eligible_advisers(
    start: datetime.date,
    end: datetime.date,
    *,
    exclude_council: Any = None,
    accreditation_kinds: Iterable[str] | None = None,
    advisers: models.QuerySet[Adviser] | None = None,
) -> list[Candidate]:
    """Active advisers holding an accreditation valid for all of [start, end], with an
    availability range covering all of it, and not working for ``exclude_council`` (a council,
    its pk, or several). Each candidate says why it qualifies."""
    accreditations = Accreditation.objects.valid_between(start, end)
    if accreditation_kinds:
        accreditations = accreditations.filter(kind__in=list(accreditation_kinds))
    availability = Availability.objects.covering(start, end)
    qs = (advisers if advisers is not None else Adviser.objects.all()).active()
    qs = qs.filter(
        models.Exists(accreditations.filter(adviser=models.OuterRef("pk"))),
        models.Exists(availability.filter(adviser=models.OuterRef("pk"))),
    )
    excluded = _council_ids(exclude_council)
    if excluded:
        qs = qs.exclude(home_council_id__in=excluded).exclude(user__council_id__in=excluded)
    qs = qs.select_related("user", "region", "home_council").prefetch_related(
        models.Prefetch("accreditations", accreditations, to_attr="valid_accreditations"),
        models.Prefetch("availability", availability, to_attr="covering_availability"),
    )
    excluded_names = _excluded_names(exclude_council)
    return [_candidate(adviser, excluded_names) for adviser in qs.order_by("user__full_name")]


def _excluded_names(exclude_council: Any) -> str:
    if exclude_council is None or isinstance(exclude_council, int):
        return ""
    if isinstance(exclude_council, Iterable):
        return ", ".join(getattr(c, "name", str(c)) for c in exclude_council)
    return getattr(exclude_council, "name", "")


def _candidate(adviser: Adviser, excluded_names: str) -> Candidate:
    accreditations = list(adviser.valid_accreditations)  # type: ignore[attr-defined]
    availability = list(adviser.covering_availability)  # type: ignore[attr-defined]
    reasons = [
        f"Accredited: {a.get_kind_display()}, valid until {_long_date(a.expires_on)}"
        for a in accreditations
    ]
    reasons += [
        f"Available {_long_date(a.starts_on)} to {_long_date(a.ends_on)} "
        f"({a.days_available} day{'s' if a.days_available != 1 else ''})"
        for a in availability
    ]
    if excluded_names:
        home = adviser.home_council.name if adviser.home_council else "no council"
        reasons.append(f"Not from {excluded_names} (works for {home})")
    return Candidate(adviser, accreditations, availability, reasons)
