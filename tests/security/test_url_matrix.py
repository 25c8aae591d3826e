"""Every URL of the portal against every role, generated from the URL configuration.

Each portal view declares its area with ``accounts.permissions.area_required``; the matrix reads
that declaration and ``AREA_ROLES`` and checks the running code agrees: anonymous visitors are
sent to log in, and each role outside the area is refused (403) whatever the method. A view
added without an area fails the first test with its name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.permissions import AREA_ROLES
from tests.security.conftest import PERSONAS, ROLE_OF, World

# Served by other frameworks, with their own rules (allauth's login pages, Django's admin).
OTHER_FRAMEWORKS = ("accounts/", "admin/", "static/", "media/")
# Views anyone may reach without logging in, and why.
PUBLIC_VIEWS = {
    "healthz": "the load balancer's health check; says only up or down",
    "notifications:calendar-feed": "a calendar app cannot log in: the secret, revocable "
    "address is the key, and shows only its owner's events",
}
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    view: Callable[..., Any]

    @property
    def area(self) -> str | None:
        return getattr(self.view, "portal_area", None)

    @property
    def parameters(self) -> list[str]:
        return [match["name"] for match in PARAMETER.finditer(self.route)]

    def __str__(self) -> str:
        return self.name


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner or "")
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            yield Route(name, prefix + str(pattern.pattern), pattern.callback)


def portal_routes() -> list[Route]:
    """Every route the portal itself serves, public ones included."""
    return [
        route
        for route in _walk(get_resolver().url_patterns)
        if not route.route.startswith(OTHER_FRAMEWORKS)
    ]


ROUTES = portal_routes()
GUARDED = [route for route in ROUTES if route.name not in PUBLIC_VIEWS]

# Where a URL names an object, the route up to and including that parameter says which.
ARGUMENTS: dict[str, Callable[[World], Any]] = {
    "councils/<str:gss_code>": lambda w: w.camden.gss_code,
    "councils/import/<int:pk>": lambda w: w.ofsted_upload.pk,
    "engagements/<int:pk>": lambda w: w.engagement.pk,
    "availability/<int:pk>": lambda w: w.availability.pk,
    "advisers/<int:pk>": lambda w: w.adviser.pk,
    "support-requests/<int:pk>": lambda w: w.support_request.pk,
    "peer-challenges/<int:pk>": lambda w: w.challenge.pk,
    "peer-challenges/<int:pk>/team/<int:member_pk>": lambda w: w.team_member.pk,
    "courses/<int:pk>": lambda w: w.session.pk,
    "courses/catalogue/<int:pk>": lambda w: w.course.pk,
    "courses/catalogue/<int:course_pk>": lambda w: w.course.pk,
    "bookings/<int:pk>": lambda w: w.booking.pk,
    "bookings/sessions/<int:pk>": lambda w: w.session.pk,
    "mentoring/request/<slug:step>": lambda w: "kind",
    "mentoring/requests/<int:pk>": lambda w: w.mentoring_request.pk,
    "mentoring/requests/<int:pk>/group-office/<int:referral_pk>": lambda w: w.office_referral.pk,
    "mentoring/matches/<int:pk>": lambda w: w.match.pk,
    "mentoring/mentors/<int:pk>": lambda w: w.mentor.pk,
    "resources/<slug:slug>": lambda w: w.resource.slug,
    "reports/<int:pk>": lambda w: w.report.pk,
    "reports/<int:pk>/tables/<slug:table>": lambda w: "councils-engaged",
    "notifications/<int:pk>": lambda w: w.notification.pk,
    "mentoring/reply/<str:token>": lambda w: "not-a-real-link",
    "mentoring/sessions/<int:pk>": lambda w: w.mentoring_session.pk,
    "peer-challenges/reply/<str:token>": lambda w: "not-a-real-link",
    "notifications/undelivered/<int:pk>": lambda w: w.undelivered.pk,
    "people/<int:pk>": lambda w: w.councillor.pk,
    "engagements/import/<int:pk>": lambda w: w.engagement_upload.pk,
}


def url_for(route: Route, world: World) -> str:
    kwargs = {}
    for match in PARAMETER.finditer(route.route):
        key = route.route[: match.end()]
        if key not in ARGUMENTS:
            pytest.fail(f"{route}: add an object for {key!r} to ARGUMENTS in {__name__}")
        kwargs[match["name"]] = ARGUMENTS[key](world)
    return reverse(route.name, kwargs=kwargs)


def test_every_portal_view_declares_its_area() -> None:
    missing = [route.name for route in GUARDED if route.area is None]
    assert not missing, (
        "These views carry no @area_required (add one, or list them in PUBLIC_VIEWS with a "
        f"reason): {', '.join(missing)}"
    )


def test_every_declared_area_is_known() -> None:
    unknown = {route.name: route.area for route in GUARDED if route.area not in AREA_ROLES}
    assert not unknown


def test_only_the_listed_public_views_skip_login() -> None:
    skipping = {
        route.name for route in ROUTES if getattr(route.view, "login_required", True) is False
    }
    assert skipping <= set(PUBLIC_VIEWS), (
        f"Views open without login: {skipping - set(PUBLIC_VIEWS)}"
    )


def test_the_matrix_covers_a_real_number_of_views() -> None:
    # A broken walk of the URL configuration would make every other test pass vacuously.
    assert len(GUARDED) > 80
    names = {route.name for route in GUARDED}
    assert {"advisers:engagement-detail", "reports:pdf", "mentoring:match-detail"} <= names


def _refused(status: int) -> bool:
    # 405: a method the view does not take, refused before any of its code runs.
    return status in (403, 405)


@pytest.mark.parametrize("route", GUARDED, ids=str)
def test_anonymous_visitors_log_in_first_and_roles_outside_the_area_are_refused(
    route: Route, world: World
) -> None:
    url = url_for(route, world)
    login = reverse("account_login")
    for method in ("get", "post"):
        response = getattr(Client(), method)(url)
        assert response.status_code == 302, f"anonymous {method.upper()} {url}"
        assert response.url.startswith(login), f"anonymous {method.upper()} {url}"

    allowed = AREA_ROLES[route.area]
    problems = []
    for persona in PERSONAS:
        if ROLE_OF[persona] in allowed:
            continue
        client = Client()
        client.force_login(world.people[persona])
        get = client.get(url).status_code
        post = client.post(url, {"anything": "x"}).status_code
        if not (_refused(get) and post == 403):
            problems.append(f"{persona}: GET {get}, POST {post}")
    assert not problems, f"{route} ({route.area}) at {url} lets in: {'; '.join(problems)}"


PAGES_WITHOUT_OBJECTS = [route for route in GUARDED if not route.parameters]


@pytest.mark.parametrize("route", PAGES_WITHOUT_OBJECTS, ids=str)
def test_roles_inside_the_area_are_let_in(route: Route, world: World) -> None:
    """A page naming no object opens for every role its area allows: the declared area is
    the whole truth, with no role check hidden inside the view."""
    url = url_for(route, world)
    problems = []
    for persona in PERSONAS:
        if ROLE_OF[persona] not in AREA_ROLES[route.area]:
            continue
        client = Client()
        client.force_login(world.people[persona])
        status = client.get(url).status_code
        if status == 403 or status >= 500:
            problems.append(f"{persona}: GET {status}")
    assert not problems, f"{route} ({route.area}) at {url} refuses: {'; '.join(problems)}"


# NUL and other control characters, as a browser or a script would send them in an address:
# NUL alone and inside a word, then every other control character at once.
CONTROL_CHARACTERS = ["%00", "a%00b", "%01%1B%5B31m%7F%08%0D%0A%C2%85"]
ROUTES_WITH_OBJECTS = [route for route in GUARDED if route.parameters]
QUERY_NAMES = ["q", "page", "sort", "council", "region", "status", "kind", "next", "step"]


def _insider(route: Route, world: World) -> Client:
    persona = next(p for p in PERSONAS if ROLE_OF[p] in AREA_ROLES[route.area])
    client = Client()
    client.force_login(world.people[persona])
    return client


def _path_with(route: Route, world: World, name: str, raw: str) -> str:
    """The route's address for the world's objects, with ``raw`` (already quoted) as ``name``."""
    path = route.route
    for match in PARAMETER.finditer(route.route):
        value = raw if match["name"] == name else str(ARGUMENTS[route.route[: match.end()]](world))
        path = path.replace(match.group(0), value, 1)
    return "/" + path


@pytest.mark.parametrize("route", ROUTES_WITH_OBJECTS, ids=str)
def test_control_characters_in_any_part_of_an_address_are_never_a_server_error(
    route: Route, world: World
) -> None:
    client = _insider(route, world)
    problems = []
    for name in route.parameters:
        for raw in CONTROL_CHARACTERS:
            url = _path_with(route, world, name, raw)
            for method in ("get", "post"):
                status = getattr(client, method)(url).status_code
                if status >= 500 or (raw.startswith("%00") and status not in (400, 404, 405)):
                    problems.append(f"{method.upper()} {url}: {status}")
    assert not problems, "; ".join(problems)


@pytest.mark.parametrize("route", GUARDED, ids=str)
def test_control_characters_in_the_query_are_never_a_server_error(
    route: Route, world: World
) -> None:
    client = _insider(route, world)
    url = url_for(route, world)
    problems = []
    for raw in CONTROL_CHARACTERS:
        query = "&".join(f"{name}={raw}" for name in QUERY_NAMES)
        status = client.get(f"{url}?{query}").status_code
        if status >= 500 or ("%00" in raw and status != 400):
            problems.append(f"GET {url}?{query}: {status}")
    assert not problems, "; ".join(problems)


def test_the_reported_nul_addresses_are_refused_plainly(world: World) -> None:
    client = Client()
    client.force_login(world.pm)

    council = client.get("/councils/%00/")
    challenge = client.get("/peer-challenges/request/?council=%00")

    assert council.status_code == challenge.status_code == 400
    assert b"characters the portal cannot accept" in council.content


# Addresses outside the matrix: allauth's, the calendar feed's and the admin's -------------

REGEX_PARAMETER = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")
# Routes the matrix above leaves out, with a value for each parameter that is not being tried.
OUTSIDE_ARGUMENTS: dict[str, dict[str, str]] = {
    "account_confirm_email": {"key": "not-a-real-key"},
    "account_reset_password_from_key": {"uidb36": "1", "key": "set-password"},
    "notifications:calendar-feed": {"token": "not-a-real-token"},
}


def _parameters(route: Route) -> list[str]:
    return [m["name"] for m in PARAMETER.finditer(route.route)] + [
        m["name"] for m in REGEX_PARAMETER.finditer(route.route)
    ]


def _fill(route: Route, values: dict[str, str]) -> str:
    """The route's path with each parameter (a converter or a regex group) given its value."""
    path = PARAMETER.sub(lambda m: values[m["name"]], route.route)
    path = REGEX_PARAMETER.sub(lambda m: values[m["name"]], path)
    return "/" + path.replace("^", "").replace("$", "")


ALL_ROUTES = list(_walk(get_resolver().url_patterns))
COVERED = {route.name for route in ROUTES_WITH_OBJECTS}
OUTSIDE = [
    route
    for route in ALL_ROUTES
    if _parameters(route)
    and route.name not in COVERED
    and not route.route.startswith(("admin/", "static/", "media/"))
]
ADMIN = [route for route in ALL_ROUTES if route.route.startswith("admin/") and _parameters(route)]


def test_every_address_with_parameters_is_tried_with_control_characters() -> None:
    outside = {route.name for route in OUTSIDE}

    assert outside == set(OUTSIDE_ARGUMENTS), (
        f"Give OUTSIDE_ARGUMENTS values for: {sorted(outside - set(OUTSIDE_ARGUMENTS))}"
    )
    assert {"mentoring:reply", "peer_challenges:reply"} <= COVERED  # signed-link replies
    assert len(ADMIN) > 20


@pytest.mark.parametrize("route", OUTSIDE, ids=str)
def test_control_characters_in_allauth_and_public_addresses_are_never_a_server_error(
    route: Route, db: None
) -> None:
    problems = []
    for name in _parameters(route):
        for raw in CONTROL_CHARACTERS:
            url = _fill(route, {**OUTSIDE_ARGUMENTS[route.name], name: raw})
            for method in ("get", "post"):
                status = getattr(Client(), method)(url).status_code
                if status >= 500 or (raw.startswith("%00") and status not in (400, 404)):
                    problems.append(f"{method.upper()} {url}: {status}")
    assert not problems, "; ".join(problems)


def test_nul_in_any_admin_address_is_refused(admin_client: Client) -> None:
    problems = []
    for route in ADMIN:
        for name in _parameters(route):
            values = {other: "1" for other in _parameters(route)}
            for raw in ("%00", "a%00b"):
                url = _fill(route, {**values, name: raw})
                status = admin_client.get(url).status_code
                if status not in (400, 404):
                    problems.append(f"GET {url}: {status}")
    assert not problems, "; ".join(problems)
