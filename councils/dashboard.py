"""Dashboard cards for the councils area."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse

from councils.models import Council


def cards(user: Any) -> list[dict[str, Any]]:
    try:
        url = reverse("councils:list")
    except NoReverseMatch:
        url = None
    return [
        {
            "title": "Councils",
            "figure": Council.objects.current().count(),
            "body": "English councils with children's services duties, and their Ofsted judgements.",
            "url": url,
        }
    ]
