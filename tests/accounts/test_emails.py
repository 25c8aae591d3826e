"""Sign-in emails: the portal's own words and name, through the outbox, no sign-up link."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command

from notifications.models import Notification

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_password_reset_email_uses_the_portals_templates(client, councillor):
    client.post("/accounts/password/reset/", {"email": councillor.email})

    [message] = mail.outbox
    assert message.to == [councillor.email]
    assert message.subject == "[LGA Children's Services Improvement] Choose a new password"
    assert "Hello from" not in message.body and "127.0.0.1!" not in message.body
    assert "Choose a new password: http://testserver/accounts/password/reset/key/" in message.body
    assert "LGA Children's Services Improvement team" in message.body
    assert message.alternatives[0].mimetype == "text/html"
    [row] = Notification.objects.all()
    assert (row.kind, row.recipient, row.status) == ("account", None, "sent")


def test_add_user_emails_the_onboarding_link(councils, capsys):
    call_command("add_user", "jo.bloggs@example.org", "--role", "programme_manager")

    [message] = mail.outbox
    assert message.to == ["jo.bloggs@example.org"]
    assert message.subject == "Your account in the LGA Children's Services Improvement portal"
    assert (
        "Choose your password: http://127.0.0.1:8000/accounts/password/reset/key/" in message.body
    )
    assert "Hello from" not in message.body
    printed = capsys.readouterr().out
    assert "/accounts/password/reset/key/" in printed
