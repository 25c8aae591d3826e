"""The service navigation, by role. An entry appears once its area's URL exists."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from accounts.permissions import can_use_area

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


def navigation_for(user: Any, current_path: str) -> list[dict[str, Any]]:
    items = []
    for label, url, area in _entries(get_urlconf(), get_script_prefix()):
        if area is not None and not can_use_area(user, area):
            continue
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": label, "url": url, "active": active})
    return items


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
