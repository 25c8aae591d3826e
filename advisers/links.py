"""Links into other areas, tolerant of pages that are not there yet."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse


def council_url(council: Any) -> str:
    """The council's page, or the engagement log filtered to it if there is no council page."""
    try:
        return reverse("councils:detail", args=[council.gss_code])
    except NoReverseMatch:
        return f"{reverse('advisers:engagement-list')}?council={council.pk}"
