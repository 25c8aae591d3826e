"""Each app's contributions are found through the app registry, not a list of app names."""

from __future__ import annotations

from django.apps import apps

from improvement_portal import discovery


def test_every_portal_app_with_a_dashboard_module_is_found_in_installed_apps_order():
    found = [label for label, _ in discovery.app_modules("dashboard")]

    installed = [config.label for config in apps.get_app_configs()]
    assert found == sorted(found, key=installed.index)
    assert set(found) == {
        "councils",
        "advisers",
        "peer_challenges",
        "courses",
        "mentoring",
        "resources",
        "reports",
    }


def test_each_found_module_is_the_apps_own_module_of_that_name():
    for label, module in discovery.app_modules("personal_data"):
        assert module.__name__ == f"{apps.get_app_config(label).name}.personal_data"


def test_third_party_apps_are_never_asked_for_a_part():
    # Every app has an "apps" module; only the portal's own apps are asked.
    found = {label for label, _ in discovery.app_modules("apps")}

    assert {"improvement_portal", "accounts", "councils", "reports"} <= found
    assert not found & {"admin", "auth", "sessions", "account", "mfa", "axes", "auditlog"}
