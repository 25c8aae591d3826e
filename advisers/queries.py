"""Read-side questions about advisers that other apps ask too (the peer challenge team picker)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models.functions import Coalesce

from advisers.models import Accreditation, Adviser, AdviserQuerySet, Availability


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
    advisers: AdviserQuerySet | None = None,
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
    accreditations = list(adviser.valid_accreditations)  # type: ignore[attr-defined]  # a Prefetch to_attr made by eligible_advisers
    availability = list(adviser.covering_availability)  # type: ignore[attr-defined]  # a Prefetch to_attr made by eligible_advisers
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


# A council's patch and what needs attention in it (the PA and CIA dashboard prompts) ---------

# Kinds of inspection that give a full judgement and restart Ofsted's cycle.
FULL_INSPECTION_KINDS = ["sif", "sif_reinspection", "standard", "short"]
# How the next full inspection is estimated (shown on the dashboard, word for word).
NEXT_INSPECTION_YEARS = 3
NEXT_INSPECTION_YEARS_INADEQUATE = 2
LIKELY_SOON_MONTHS = 6
FOLLOW_UP_LOOKBACK_DAYS = 365
NEXT_INSPECTION_EXPLAINED = (
    f"Estimated as {NEXT_INSPECTION_YEARS} years after the last full inspection was published "
    f"({NEXT_INSPECTION_YEARS_INADEQUATE} years if it was judged inadequate), the usual gap "
    "between Ofsted's full inspections of children's services. A council is listed when that "
    f"date is in the next {LIKELY_SOON_MONTHS} months or has passed without a new inspection."
)


def patch_councils(user: Any) -> models.QuerySet[Any]:
    """The current councils an adviser looks after: a PA's region, a CIA's assigned councils."""
    from councils.models import Council

    councils = Council.objects.current()
    if getattr(user, "is_principal_adviser", False) and user.region_id:
        return councils.filter(region_id=user.region_id)
    if getattr(user, "is_improvement_adviser", False):
        return councils.filter(assigned_advisers__user=user)
    return councils.none()


def _latest_judgement(field: str, kinds: list[str] | None = None) -> models.Subquery:
    from councils.models import OfstedInspection

    inspections = OfstedInspection.objects.filter(
        council=models.OuterRef("pk"), overall_effectiveness__isnull=False
    )
    if kinds:
        inspections = inspections.filter(kind__in=kinds)
    inspections = inspections.annotate(when=Coalesce("published_on", "inspected_on")).filter(
        when__isnull=False
    )
    return models.Subquery(inspections.order_by("-when", "-pk").values(field)[:1])


def with_attention_facts(councils: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """Councils with their latest judgement, last full inspection and last adviser contact."""
    from advisers.models import Engagement
    from councils.models import OfstedInspection

    full = OfstedInspection.objects.filter(
        council=models.OuterRef("pk"),
        overall_effectiveness__isnull=False,
        kind__in=FULL_INSPECTION_KINDS,
    ).annotate(when=Coalesce("published_on", "inspected_on"))
    return councils.annotate(
        latest_grade=_latest_judgement("overall_effectiveness"),
        last_full_inspection_on=models.Subquery(
            full.filter(when__isnull=False).order_by("-when", "-pk").values("when")[:1]
        ),
        last_full_grade=models.Subquery(
            full.filter(when__isnull=False)
            .order_by("-when", "-pk")
            .values("overall_effectiveness")[:1]
        ),
        # The newest engagement through the (council, date) index: one row per council,
        # where Max("engagements__date") joined and grouped every engagement in the patch.
        last_contact_on=models.Subquery(
            Engagement.objects.filter(council=models.OuterRef("pk"))
            .order_by("-date")
            .values("date")[:1]
        ),
    )


def patch_with_attention_facts(user: Any) -> list[Any]:
    """The user's patch councils with their attention facts, in one query for every card."""
    councils = with_attention_facts(patch_councils(user)).only("pk", "name", "gss_code")
    return list(councils.order_by("name"))


def councils_needing_contact(councils: list[Any], today: datetime.date, gap_days: int) -> list[Any]:
    """Of these councils, those judged RI or inadequate with no adviser contact for ``gap_days``."""
    cutoff = today - datetime.timedelta(days=gap_days)
    needing = [
        council
        for council in councils
        if council.latest_grade in (3, 4)
        and (council.last_contact_on is None or council.last_contact_on < cutoff)
    ]
    # Never contacted first, then the longest without contact; councils come sorted by name.
    return sorted(needing, key=lambda c: (c.last_contact_on is not None, c.last_contact_on))


def next_inspection_estimate(last_on: datetime.date, grade: int | None) -> datetime.date:
    years = NEXT_INSPECTION_YEARS_INADEQUATE if grade == 4 else NEXT_INSPECTION_YEARS
    try:
        return last_on.replace(year=last_on.year + years)
    except ValueError:  # 29 February
        return last_on.replace(year=last_on.year + years, day=28)


def inspections_likely_soon(councils: list[Any], today: datetime.date) -> list[Any]:
    """Of these councils, those whose estimated next full inspection is within the next months."""
    horizon = today + datetime.timedelta(days=round(LIKELY_SOON_MONTHS * 30.4))
    due = []
    for council in councils:
        if council.last_full_inspection_on is None:
            continue
        council.next_inspection_estimate = next_inspection_estimate(
            council.last_full_inspection_on, council.last_full_grade
        )
        if council.next_inspection_estimate <= horizon:
            due.append(council)
    return sorted(due, key=lambda c: (c.next_inspection_estimate, c.name))


def passed_follow_ups(user: Any, today: datetime.date) -> models.QuerySet[Any]:
    """Engagements the user can read, in their patch or their own, whose follow-up date has
    passed in the last year with no later contact with the council."""
    from advisers import permissions
    from advisers.models import Engagement

    later = Engagement.objects.filter(
        council=models.OuterRef("council"), date__gt=models.OuterRef("date")
    )
    patch = patch_councils(user).values("pk")
    return (
        permissions.visible_engagements(user)
        .filter(models.Q(council__in=patch) | models.Q(adviser__user=user))
        .filter(
            follow_up_on__lt=today,
            follow_up_on__gte=today - datetime.timedelta(days=FOLLOW_UP_LOOKBACK_DAYS),
        )
        .exclude(models.Exists(later))
        .select_related("council")
        .order_by("follow_up_on", "pk")
    )
