"""The demo accounts on the login page of a local demo (``make run``); nothing anywhere else."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("account/fragment_demo_accounts.html")
def demo_accounts() -> dict[str, Any]:
    """The demo logins and their password, only with DEBUG on and the demo seeded."""
    if not settings.DEBUG:
        return {"accounts": []}
    # The demo package is not part of the product: read only by a local demo.
    from demo import accounts as demo

    if not demo.CREDENTIALS_FILE.exists():
        return {"accounts": []}
    return {"accounts": demo.demo_logins(), "password": demo.demo_password()}
