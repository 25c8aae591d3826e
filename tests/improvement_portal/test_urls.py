"""The portal's URL configuration serves the product only: no benchmark views, whatever the flags."""

from __future__ import annotations

import importlib

import pytest
from django.test import override_settings
from django.urls import Resolver404, URLPattern, URLResolver, clear_url_caches, resolve

import improvement_portal.urls

BENCH_PATHS = ["/bench/trivial", "/bench/floor", "/bench/export-bare.csv", "/bench/"]


def _routes(patterns: list, prefix: str = "") -> list[str]:
    routes = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            routes += _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            routes.append(prefix + str(pattern.pattern))
    return routes


@pytest.fixture
def reloaded_urls():
    """Builds the URL configuration afresh under the test's settings, and again afterwards."""

    def build():
        clear_url_caches()
        return importlib.reload(improvement_portal.urls)

    yield build
    build()


@pytest.mark.parametrize("flags", [{"DEBUG": True}, {"BENCHMARK_VIEWS": True}])
def test_no_url_under_bench_resolves_in_the_portal(flags, reloaded_urls):
    with override_settings(ROOT_URLCONF="improvement_portal.urls", **flags):
        urls = reloaded_urls()

        for path in BENCH_PATHS:
            with pytest.raises(Resolver404):
                resolve(path)
        assert not [route for route in _routes(urls.urlpatterns) if route.startswith("bench")]
