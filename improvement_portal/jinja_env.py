"""The Jinja2 environment for the parts of pages written many times over: form field groups and
widgets (through Django's form renderer) and the rows of the longest tables (through
``{% rows %}``). Pages themselves are Django templates.

It offers the same few helpers the Django templates use in those parts, under the same names,
so a row reads alike in either language: ``date`` and ``floatformat`` (Django's own filters,
with the portal's date formats), ``grade_tag``, ``status_tag`` and ``days``.
"""

from __future__ import annotations

from typing import Any

from django.template import defaultfilters
from jinja2 import Environment
from markupsafe import Markup, escape

from improvement_portal.templatetags import portal


def _escaped_as_django_does(value: Any) -> Markup:
    """Every value written escaped the way Django escapes (``&#x27;``, ``&quot;``), so a name
    reads the same in a Jinja2 row or field as in the Django page around it (and as its tests
    search for it). markupsafe escapes (in C, several times quicker than Django's escape: a
    select of every council is 300 values); only its two spellings that differ are changed."""
    escaped = escape(value)
    if "&#39;" in escaped or "&#34;" in escaped:
        return Markup(str(escaped).replace("&#39;", "&#x27;").replace("&#34;", "&quot;"))
    return escaped


def environment(**options: Any) -> Environment:
    env = Environment(**options, finalize=_escaped_as_django_does)
    env.filters.update(
        {
            "date": defaultfilters.date,
            "floatformat": defaultfilters.floatformat,
            "grade_tag": portal.grade_tag,
            "status_tag": portal.status_tag,
            "days": portal.days,
        }
    )
    return env
