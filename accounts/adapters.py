from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are made by programme managers (``add_user``), never by sign-up."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": (
            "Too many failed attempts to log in from your network. "
            "Wait a few minutes and try again, or reset your password."
        ),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Sign-in emails (password reset, confirmation) go through the portal's outbox,
        rendered from the portal's templates in ``templates/account/email/``."""
        from notifications import services as notifications

        context = {"email": email, "portal_name": notifications.PORTAL_NAME, **context}
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                body
                for body, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        with transaction.atomic():
            # Not listed on anyone's Notifications page: these carry sign-in secrets.
            notifications.queue_email(
                recipient=None,
                email=email,
                kind="account",
                subject=message.subject,
                text=message.body,
                html=html,
            )
