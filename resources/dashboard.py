"""Dashboard cards for the resource library: the newest resources for the user's audience."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.formats import date_format

from accounts.permissions import can_use_area
from resources.models import Resource, Status
from resources.permissions import audiences_for, can_manage_resources

NEWEST = 3


def cards(user: Any) -> list[dict[str, Any]]:
    if not can_use_area(user, "resources"):
        return []
    return [*_drafts_card(user), _newest_card(user)]


def _newest_card(user: Any) -> dict[str, Any]:
    audiences = audiences_for(user)
    resources = Resource.objects.published()
    if audiences is not None:
        resources = resources.for_audiences(audiences)
    newest = list(resources.newest_first().only("title", "slug", "published_on")[:NEWEST])
    items = [
        {
            "label": resource.title,
            "url": reverse("resources:detail", args=[resource.slug]),
            "note": date_format(resource.published_on) if resource.published_on else "",
        }
        for resource in newest
    ]
    if newest:
        body = "Newest for you: " + "; ".join(resource.title for resource in newest) + "."
    else:
        body = "Guides, resource packs, research and position papers."
    return {
        "title": "Resources",
        "url": reverse("resources:list"),
        "body": body,
        "items": items,
    }


def _drafts_card(user: Any) -> list[dict[str, Any]]:
    if not can_manage_resources(user):
        return []
    drafts = list(
        Resource.objects.filter(status=Status.DRAFT).newest_first().only("title", "slug")[:5]
    )
    if not drafts:
        return []
    count = Resource.objects.filter(status=Status.DRAFT).count()
    return [
        {
            "title": f"{count} draft resource{'s' if count != 1 else ''} to publish",
            "url": reverse("resources:list"),
            "action": True,
            "body": "Drafts are seen only by programme managers until they are published.",
            "items": [
                {"label": draft.title, "url": reverse("resources:edit", args=[draft.slug])}
                for draft in drafts
            ],
        }
    ]
