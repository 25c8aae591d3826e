"""Renders the sections other areas add to a council's page (councils.sections)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag(takes_context=True)
def council_section(context: template.Context, section: dict[str, Any]) -> SafeString:
    """One section, rendered as ``{% include %}`` renders: in the page's context, so the
    request's context processors run once for the page, not again for every section."""
    assert context.template is not None
    section_template = context.template.engine.get_template(section["template"])
    with context.push(section["context"]):
        return section_template.render(context)
