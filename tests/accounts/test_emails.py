"""Sign-in emails: the portal's own words and name, through the outbox, no sign-up link."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command

from accounts.models import User
from notifications.models import Notification
from tests.factories.accounts import UserFactory

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


def test_an_email_confirmation_uses_the_portals_templates_and_name(client):
    # Onboarding marks the address verified, so only an account made another way (the admin,
    # createsuperuser) is asked to confirm it, when it first logs in.
    person = UserFactory(email="jo@example.org")
    EmailAddress.objects.filter(user=person).update(verified=False)
    cache.clear()  # allauth sends one confirmation per address every 3 minutes, kept in the cache

    client.post("/accounts/login/", {"login": person.email, "password": "a-long-test-password"})

    [message] = mail.outbox
    assert message.to == [person.email]
    assert message.subject == "[LGA Children's Services Improvement] Confirm your email address"
    assert message.body.startswith("Dear colleague,")
    assert "Confirm it is yours: http://testserver/accounts/confirm-email/" in message.body
    assert "LGA Children's Services Improvement team" in message.body
    assert "Hello from" not in message.body and "example.com" not in message.body
    assert "/signup/" not in message.body
    assert message.alternatives[0].mimetype == "text/html"
    assert "LGA Children's Services Improvement portal" in message.alternatives[0].content
    [row] = Notification.objects.all()
    assert (row.kind, row.recipient, row.status) == ("account", None, "sent")


def test_logging_in_with_an_onboarded_address_sends_no_confirmation(client, councils):
    call_command("add_user", "jo.bloggs@example.org", "--role", "programme_manager")
    person = User.objects.get(email="jo.bloggs@example.org")
    person.set_password("a-long-test-password")
    person.save(update_fields=["password"])
    mail.outbox.clear()

    response = client.post(
        "/accounts/login/", {"login": person.email, "password": "a-long-test-password"}
    )

    assert response.status_code == 302 and "confirm" not in response.url
    assert client.session["_auth_user_id"] == str(person.pk)
    assert mail.outbox == []
    assert EmailAddress.objects.get(user=person).verified
