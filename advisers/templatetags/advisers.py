"""Template helpers for the advisers area: ``{% load advisers %}``."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.utils import timezone

from advisers import links
from improvement_portal.templatetags.portal import status_tag

register = template.Library()

EXPIRY_WARNING_DAYS = 90


@register.filter
def council_url(council: Any) -> str:
    return links.council_url(council)


@register.filter
def expiry_tag(expires_on: datetime.date, today: datetime.date | None = None) -> str:
    """An accreditation's state as a tag with words: expired, expires in N days, or valid."""
    today = today or timezone.localdate()
    remaining = (expires_on - today).days
    if remaining < 0:
        return status_tag("Expired", "red")
    if remaining <= EXPIRY_WARNING_DAYS:
        text = (
            "Expires today"
            if remaining == 0
            else ("Expires in 1 day" if remaining == 1 else f"Expires in {remaining} days")
        )
        return status_tag(text, "yellow")
    return status_tag("Valid", "green")


@register.filter
def long_date(day: datetime.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""
