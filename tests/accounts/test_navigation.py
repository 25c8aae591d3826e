"""Each role sees its own navigation and dashboard; anonymous users are sent to log in."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.html import escape

from accounts.navigation import NAVIGATION, navigation_for
from accounts.permissions import AREA_ROLES, area_required, can_use_area
from tests.conftest import PERSONAS

# Views anyone may open without logging in.
PUBLIC_PREFIXES = (
    "/accounts/login/",
    "/accounts/password/reset/",
    "/accounts/signup/",
    "/accounts/confirm-email/",
    "/accounts/3rdparty/",
    "/accounts/login/code/",
    "/accounts/reauthenticate/",
    "/accounts/inactive/",
    "/accounts/logout/",
    "/accounts/2fa/authenticate/",
    "/healthz",
    "/admin/",
    "/notifications/calendar/",  # a calendar app cannot log in: the secret address is the key
    "/static/",
)


def _concrete_paths(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    """Every URL in the configuration, with 1 or "x" in place of each parameter."""
    resolver = resolver or get_resolver()
    paths = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        route = route.replace("^", "").replace("$", "").replace("\\Z", "")
        if isinstance(pattern, URLResolver):
            paths += _concrete_paths(pattern, route)
        elif isinstance(pattern, URLPattern):
            for converter, value in (
                ("<int:", "1"),
                ("<slug:", "x"),
                ("<str:", "x"),
                ("<uuid:", "0" * 8 + "-0000-0000-0000-" + "0" * 12),
                ("<path:", "x"),
                ("<", "x"),
            ):
                while converter in route:
                    start = route.index(converter)
                    route = route[:start] + value + route[route.index(">", start) + 1 :]
            if "(?P" in route or "\\" in route:
                continue
            paths.append("/" + route)
    return sorted(set(paths))


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_log_in_from_every_page(client):
    checked = 0
    for path in _concrete_paths():
        if path.startswith(PUBLIC_PREFIXES):
            continue
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith("/accounts/login/"), path
        checked += 1
    assert checked >= 5


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_role_sees_only_the_areas_it_may_use(persona, request, login):
    user = request.getfixturevalue(persona)

    response = login(user).get("/")

    assert response.status_code == 200
    labels = [item["label"] for item in response.context["navigation"]]
    assert labels[0] == "Dashboard"
    for label, _url_name, area in NAVIGATION:
        if label in labels and area is not None:
            assert can_use_area(user, area), f"{persona} sees {label}"
    assert escape(f"({user.get_role_display()})") in response.content.decode()


def test_councillors_never_see_engagements_or_reports(councillor):
    labels = {item["label"] for item in navigation_for(councillor, "/")}

    assert not labels & {"Engagements", "Reports", "Find peers"}


def test_area_rules_follow_the_design():
    assert AREA_ROLES["engagements"] == {
        "programme_manager",
        "principal_adviser",
        "improvement_adviser",
    }
    assert AREA_ROLES["reports"] == {"programme_manager", "principal_adviser"}
    assert {"councillor", "associate"} <= AREA_ROLES["bookings"]
    assert "associate" in AREA_ROLES["availability"]


def test_an_inactive_user_may_use_no_area(councillor):
    councillor.is_active = False

    assert not any(can_use_area(councillor, area) for area in AREA_ROLES)


def test_area_required_refuses_other_roles_with_403(rf, councillor, programme_manager):
    from django.core.exceptions import PermissionDenied
    from django.http import HttpResponse

    view = area_required("reports")(lambda request: HttpResponse("report"))
    request = rf.get("/reports/")
    request.user = councillor
    with pytest.raises(PermissionDenied):
        view(request)
    request.user = programme_manager
    assert view(request).content == b"report"


def test_an_unknown_area_is_a_programming_error():
    with pytest.raises(ValueError):
        area_required("no-such-area")


def test_pages_not_found_and_forbidden_use_the_portal_layout(login, councillor):
    client = login(councillor)

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"Skip to main content" in response.content


@pytest.mark.parametrize("persona", PERSONAS)
def test_rarely_used_areas_are_under_more_and_nothing_is_lost(persona, request, login):
    user = request.getfixturevalue(persona)
    row = navigation_for(user, "/")
    more = login(user).get("/more/")

    allowed = {
        label for label, _url, area in NAVIGATION if area is None or can_use_area(user, area)
    }
    in_row = {item["label"] for item in row} - {"More"}
    listed = {area["label"] for area in more.context["areas"]}
    assert in_row | listed == allowed and not in_row & listed
    # What fits one row at 1,280 px (the browser test measures it).
    assert len(row) <= 8


def test_the_more_item_is_current_on_the_areas_it_groups(programme_manager):
    row = navigation_for(programme_manager, "/people/")

    assert [item["label"] for item in row if item["active"]] == ["More"]
