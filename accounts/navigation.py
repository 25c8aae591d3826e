"""The service navigation, by role. An entry appears once its area's URL exists.

GOV.UK's service navigation should fit on one row: each role sees the areas it uses most,
and the rest of what it may use under "More", a page listing them with what each is for.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from accounts.permissions import can_use_area
from accounts.roles import Role

PM, PA, CIA, ASSOCIATE, COUNCILLOR = (
    Role.PROGRAMME_MANAGER,
    Role.PRINCIPAL_ADVISER,
    Role.IMPROVEMENT_ADVISER,
    Role.ASSOCIATE,
    Role.COUNCILLOR,
)
EVERYONE = frozenset(Role)

NAVIGATION = [
    ("Dashboard", "dashboard", None),
    ("Councils", "councils:list", "councils"),
    ("Engagements", "advisers:engagement-list", "engagements"),
    ("Availability", "advisers:availability", "availability"),
    ("Find peers", "advisers:availability-search", "availability_search"),
    ("Support requests", "advisers:support-request-list", "support_requests"),
    ("Peer challenges", "peer_challenges:list", "peer_challenges"),
    ("Courses", "courses:list", "courses"),
    ("Bookings", "courses:bookings", "bookings"),
    ("Mentoring", "mentoring:home", "mentoring"),
    ("Resources", "resources:list", "resources"),
    ("Reports", "reports:list", "reports"),
    ("People", "people:list", "people"),
]
# Areas each role uses now and then: listed under "More" rather than in the row.
RARELY_USED: dict[str, frozenset[str]] = {
    "availability": frozenset({PA, CIA}),
    "availability_search": EVERYONE,
    "support_requests": EVERYONE,
    "bookings": frozenset({PM, PA, CIA, ASSOCIATE}),
    "resources": frozenset({PM, PA, CIA, ASSOCIATE}),
    "people": EVERYONE,
}
DESCRIPTIONS = {
    "availability": "When you are free for peer challenges and diagnostics.",
    "availability_search": "Peers available and accredited for given dates.",
    "support_requests": "Councils' requests for support, and who is handling them.",
    "bookings": "Course bookings: your own, or every session's register.",
    "resources": "Must-know guides, resource packs, reports and position papers.",
    "people": "Invite people, change their roles, deactivate them.",
}


def _is_rare(user: Any, area: str | None) -> bool:
    return area is not None and user.role in RARELY_USED.get(area, frozenset())


def navigation_for(user: Any, current_path: str) -> list[dict[str, Any]]:
    """The row of the service navigation: the areas this role uses most, then "More"."""
    items = []
    more = more_for(user)
    for label, url, area in _entries(get_urlconf(), get_script_prefix()):
        if area is not None and not can_use_area(user, area):
            continue
        if _is_rare(user, area):
            continue
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": label, "url": url, "active": active})
    if more:
        url = reverse("more")
        active = current_path == url or any(current_path.startswith(i["url"]) for i in more)
        items.append({"label": "More", "url": url, "active": active})
    return items


def more_for(user: Any) -> list[dict[str, Any]]:
    """The areas this role may use that are not in the row, with what each is for."""
    return [
        {"label": label, "url": url, "description": DESCRIPTIONS.get(area or "", "")}
        for label, url, area in _entries(get_urlconf(), get_script_prefix())
        if area is not None and can_use_area(user, area) and _is_rare(user, area)
    ]


@lru_cache(maxsize=16)
def _entries(urlconf: str | None, script_prefix: str) -> tuple[tuple[str, str, str | None], ...]:
    """The entries whose URL exists, reversed once per URL configuration, not on every page."""
    entries = []
    for label, url_name, area in NAVIGATION:
        try:
            url = reverse(url_name, urlconf=urlconf)
        except NoReverseMatch:
            continue
        entries.append((label, url, area))
    return tuple(entries)
