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

from improvement_portal.templatetags import portal


def environment(**options: Any) -> Environment:
    env = Environment(**options)
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
