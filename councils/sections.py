"""Sections other areas add to a council's page, collected without councils importing them.

Contract: an app may define ``<app>/council_sections.py`` with

    def sections(user, council) -> list[dict]:

returning one dict per section, ``{"title": str, "template": str, "context": dict}``, and
``[]`` when the user may not see anything of that area for this council (each app enforces
its own rules). The council page shows each section under an ``<h2>`` of its ``title`` and
renders ``template`` with the request, ``council``, ``section`` (the dict itself) and every
key of ``context``, so a template may use ``{{ matches }}`` or ``{{ section.context.matches }}``.
Section templates therefore start below the heading (with ``<h3>`` or a table caption).
Sections appear in the order of ``SECTION_APPS``; an app without the module adds nothing.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from councils.models import Council

SECTION_APPS = ["advisers", "peer_challenges", "courses", "mentoring"]


def council_sections(request: HttpRequest, council: Council) -> list[dict[str, Any]]:
    """Each area's sections for this user and council, rendered: ``title``, ``html``, ``slug``."""
    rendered = []
    for app in SECTION_APPS:
        try:
            module = importlib.import_module(f"{app}.council_sections")
        except ModuleNotFoundError as error:
            if error.name not in (app, f"{app}.council_sections"):
                raise
            continue
        for number, section in enumerate(module.sections(request.user, council)):
            context = {**section.get("context", {}), "council": council, "section": section}
            html = render_to_string(section["template"], context, request=request)
            rendered.append(
                {"title": section["title"], "html": SafeString(html), "slug": f"{app}-{number}"}
            )
    return rendered
