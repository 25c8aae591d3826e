"""seed_demo finds each app's seeder through the app registry and runs it after its inputs."""

from __future__ import annotations

import types

import pytest

import demo


def test_every_seeder_is_found_and_runs_after_what_it_builds_on():
    order = [label for label, _ in demo.seeders()]

    assert set(order) == {
        "councils",
        "accounts",
        "advisers",
        "courses",
        "mentoring",
        "peer_challenges",
        "resources",
    }
    for label, module in demo.seeders():
        for earlier in getattr(module, "AFTER", ()):
            assert order.index(earlier) < order.index(label), (earlier, label)


def test_a_seeder_runs_after_what_it_names_even_if_installed_before_it():
    found = {
        "accounts": types.SimpleNamespace(AFTER=("councils",)),
        "councils": types.SimpleNamespace(),
        "resources": types.SimpleNamespace(AFTER=("accounts", "not_installed")),
    }

    assert [label for label, _ in demo.in_order(found)] == ["councils", "accounts", "resources"]


def test_seeders_waiting_for_each_other_are_refused():
    found = {
        "councils": types.SimpleNamespace(AFTER=("accounts",)),
        "accounts": types.SimpleNamespace(AFTER=("councils",)),
    }

    with pytest.raises(ValueError, match="wait for each other: councils -> accounts -> councils"):
        demo.in_order(found)
