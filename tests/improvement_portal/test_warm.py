"""A web process compiles every template and builds its URL lookups before its first request,
then keeps what it loaded out of the garbage collector's full passes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from django.template import engines

from improvement_portal import warm

ROOT = Path(__file__).resolve().parents[2]


def _portal_templates() -> set[str]:
    return {
        path.relative_to(ROOT / folder).as_posix()
        for folder in ("templates", "jinja2")
        for path in (ROOT / folder).rglob("*.html")
    }


def test_every_template_of_the_portal_is_compiled():
    compiled = warm.compile_templates()

    assert compiled == len(_portal_templates())
    cache = engines["django"].engine.template_loaders[0].get_template_cache
    assert {"base.html", "dashboard.html", "advisers/engagement_list.html"} <= set(cache)


def test_the_web_application_starts_warm_with_its_objects_frozen():
    code = (
        "import gc, json; import improvement_portal.wsgi;"
        "from django.template import engines;"
        "cache = engines['django'].engine.template_loaders[0].get_template_cache;"
        "print(json.dumps({'frozen': gc.get_freeze_count(), 'templates': sorted(cache)}))"
    )
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "SECRET_KEY": "warm-test-" + "x" * 40,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "portal.example.org",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    started = json.loads(result.stdout.strip().splitlines()[-1])

    # The modules, models, URL patterns and compiled pages: far more than a request makes.
    assert started["frozen"] > 50_000
    assert "base.html" in started["templates"]
    assert "councils/council_detail.html" in started["templates"]
