"""Sections other areas add to a council's page, collected without councils importing them.

Contract: an app may define ``<app>/council_sections.py`` with

    def sections(user, council) -> list[dict]:

returning one dict per section, ``{"title": str, "template": str, "context": dict}``, and
``[]`` when the user may not see anything of that area for this council (each app enforces
its own rules). The council page shows each section under an ``<h2>`` of its ``title`` and
renders ``template`` with the request, ``council``, ``section`` (the dict itself) and every
key of ``context``, so a template may use ``{{ matches }}`` or ``{{ section.context.matches }}``.
Section templates therefore start below the heading (with ``<h3>`` or a table caption).
Sections appear in INSTALLED_APPS order; an app without the module adds nothing.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from councils.models import Council
from improvement_portal import discovery


def council_sections(request: HttpRequest, council: Council) -> list[dict[str, Any]]:
    """Each area's sections for this user and council, rendered: ``title``, ``html``, ``slug``."""
    rendered = []
    for app, module in discovery.app_modules("council_sections"):
        for number, section in enumerate(module.sections(request.user, council)):
            context = {**section.get("context", {}), "council": council, "section": section}
            html = render_to_string(section["template"], context, request=request)
            rendered.append(
                {"title": section["title"], "html": SafeString(html), "slug": f"{app}-{number}"}
            )
    return rendered
