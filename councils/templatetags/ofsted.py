"""How old the portal's Ofsted data is, said wherever judgements are shown."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from councils import permissions, queries

register = template.Library()


@register.inclusion_tag("councils/fragment_ofsted_data_age.html", takes_context=True)
def ofsted_data_age(context: dict[str, Any]) -> dict[str, Any]:
    user = context.get("user")
    age = queries.ofsted_data_age(timezone.localdate())
    return {**age, "can_import": user is not None and permissions.can_import_ofsted(user)}
