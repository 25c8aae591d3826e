"""Write use cases for accounts: onboarding a person."""

from __future__ import annotations

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from accounts.signals import user_onboarded
from councils.models import Council, Region


@transaction.atomic
def onboard_user(
    *,
    email: str,
    role: str,
    full_name: str = "",
    region: Region | None = None,
    council: Council | None = None,
) -> User:
    """Create (or update) a person with a role; adviser roles get an adviser profile."""
    if role not in Role.values:
        raise ValidationError(f"Unknown role {role!r}. Choose one of: {', '.join(Role.values)}.")
    if role == Role.PRINCIPAL_ADVISER and region is None:
        raise ValidationError("A principal adviser needs a region (--region).")
    if role == Role.COUNCILLOR and council is None:
        raise ValidationError("A councillor needs a council (--council).")
    email = email.strip().lower()
    if region is None and council is not None:
        region = council.region
    user, created = User.objects.update_or_create(
        email=email,
        defaults={
            "role": role,
            "full_name": full_name or email.split("@")[0].replace(".", " ").title(),
            "region": region,
            "council": council,
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    user_onboarded.send(sender=User, user=user)
    return user


def password_set_path(user: User) -> str:
    """A one-time path to choose a password; it stops working once the password changes."""
    return reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )


@transaction.atomic
def send_onboarding_email(*, user: User) -> None:
    """Email the person their one-time link to choose a password (through the outbox)."""
    from notifications import services as notifications

    notifications.notify(
        recipient=user,
        kind="account_onboarding",
        context={},
        link=password_set_path(user),
        link_text="Choose your password",
    )
