"""The one place courses touch the advisers app: accreditations earned by attending a course.

``advisers`` is imported inside the functions so that courses never needs advisers at import
time (domain apps depend on ``accounts`` and ``councils`` only).
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

logger = logging.getLogger(__name__)


def accreditation_kind_choices() -> list[tuple[str, str]]:
    """The kinds of accreditation an accredited course can award."""
    from advisers.models import Accreditation

    return list(Accreditation.Kind.choices)


def accreditation_kind_label(kind: str) -> str:
    return dict(accreditation_kind_choices()).get(kind, kind)


def award_accreditation(
    *, person: Any, kind: str, awarded_on: datetime.date, years: int
) -> Any | None:
    """Record the accreditation once (same adviser, kind and award date); None without a profile."""
    from advisers.models import Accreditation, Adviser

    adviser = Adviser.objects.filter(user=person).first()
    if adviser is None:
        logger.warning("No adviser profile for %s: accreditation %s not recorded", person.pk, kind)
        return None
    accreditation, _ = Accreditation.objects.get_or_create(
        adviser=adviser,
        kind=kind,
        awarded_on=awarded_on,
        defaults={"expires_on": _years_later(awarded_on, years)},
    )
    return accreditation


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)
