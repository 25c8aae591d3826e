"""Sections other areas add to a council's page, collected without councils importing them.

Contract: an app may define ``<app>/council_sections.py`` with

    def sections(user, council) -> list[dict]:

returning one dict per section, ``{"title": str, "template": str, "context": dict}``, and
``[]`` when the user may not see anything of that area for this council (each app enforces
its own rules). The council page shows each section under an ``<h2>`` of its ``title`` and
renders ``template`` inside the page's own context (its request, user and navigation), with
``council``, ``section`` (the dict itself) and every key of ``context`` on top, so a template
may use ``{{ matches }}`` or ``{{ section.context.matches }}``.
Section templates therefore start below the heading (with ``<h3>`` or a table caption).
Sections appear in INSTALLED_APPS order; an app without the module adds nothing.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from councils.models import Council
from improvement_portal import discovery


def council_sections(request: HttpRequest, council: Council) -> list[dict[str, Any]]:
    """Each area's sections for this user and council: ``title``, ``slug``, ``template`` and
    the ``context`` it is rendered with (``{% council_section %}``)."""
    found = []
    for app, module in discovery.app_modules("council_sections"):
        for number, section in enumerate(module.sections(request.user, council)):
            context = {**section.get("context", {}), "council": council, "section": section}
            found.append(
                {
                    "title": section["title"],
                    "slug": f"{app}-{number}",
                    "template": section["template"],
                    "context": context,
                }
            )
    return found
