"""Write use cases for accounts: onboarding a person, and managing people in the browser."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.signals import person_changed, user_onboarded
from councils.models import Council, Region
from improvement_portal import idempotency
from improvement_portal.audit import acting


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


# Programme managers' own tools: people in the browser ----------------------------------------

PERSON_FIELDS = ("full_name", "role", "region", "council")


def _check_person(user: User) -> None:
    if user.role == Role.PRINCIPAL_ADVISER and user.region_id is None:
        raise ValidationError({"region": "Choose the region a principal adviser works in"})
    if user.role == Role.COUNCILLOR and user.council_id is None:
        raise ValidationError({"council": "Choose the council the councillor sits on"})


def _is_last_programme_manager(user: User) -> bool:
    others = User.objects.filter(role=Role.PROGRAMME_MANAGER, is_active=True).exclude(pk=user.pk)
    return user.is_programme_manager and user.is_active and not others.exists()


def _require_manager(actor: User) -> None:
    if not (actor.is_active and actor.is_programme_manager):
        raise PermissionDenied("Only programme managers manage people.")


@transaction.atomic
def invite_person(
    *,
    email: str,
    role: str,
    full_name: str,
    region: Region | None,
    council: Council | None,
    assigned_councils: Iterable[Council] = (),
    actor: User,
    submission_key: uuid.UUID | None = None,
) -> User:
    """Register a new person and email them (through the outbox) the link ``add_user`` prints.

    The same invitation sent again (``submission_key``) returns the person it registered.
    """
    _require_manager(actor)
    email = email.strip().lower()

    def create() -> User:
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                {"email": "A person with this email address is already registered"}
            )
        candidate = User(email=email, role=role, region=region, council=council)
        _check_person(candidate)
        with acting(actor):
            user = onboard_user(
                email=email, role=role, full_name=full_name, region=region, council=council
            )
            user.submission_key = submission_key
            user.save(update_fields=["submission_key"])
            person_changed.send(sender=User, user=user, assigned_councils=list(assigned_councils))
            send_onboarding_email(user=user)
        return user

    return idempotency.create_once(User, submission_key, create)[0]


@transaction.atomic
def change_person(
    *,
    person: User,
    data: dict[str, Any],
    assigned_councils: Iterable[Council] | None = None,
    actor: User,
) -> User:
    """Change a person's name, role, region or council (and a CIA's councils), audited."""
    _require_manager(actor)
    person = User.objects.select_for_update().get(pk=person.pk)
    leaving = data.get("role", person.role) != Role.PROGRAMME_MANAGER
    if leaving and _is_last_programme_manager(person):
        raise ValidationError(
            {"role": "This is the last active programme manager: give someone else the role first"}
        )
    for name in PERSON_FIELDS:
        if name in data:
            setattr(person, name, data[name])
    if person.region_id is None and person.council is not None:
        person.region = person.council.region
    _check_person(person)
    with acting(actor):
        person.save(update_fields=[*PERSON_FIELDS, "updated_at"])
        person_changed.send(
            sender=User,
            user=person,
            assigned_councils=None if assigned_councils is None else list(assigned_councils),
        )
    return person


@transaction.atomic
def set_person_active(*, person: User, active: bool, actor: User) -> User:
    """Deactivate (ending their sessions) or reactivate a person; never the last PM or oneself."""
    _require_manager(actor)
    person = User.objects.select_for_update().get(pk=person.pk)
    if not active:
        # Lock every active PM so two managers deactivating each other cannot both succeed.
        list(User.objects.select_for_update().filter(role=Role.PROGRAMME_MANAGER, is_active=True))
        if _is_last_programme_manager(person):
            raise ValidationError(
                "This is the last active programme manager: give someone else the role first"
            )
        if person.pk == actor.pk:
            raise ValidationError("You cannot deactivate your own account")
    if person.is_active == active:
        return person
    person.is_active = active
    with acting(actor):
        person.save(update_fields=["is_active", "updated_at"])
    if not active:
        end_sessions(person)
    return person


def end_sessions(user: User) -> int:
    """Sign the person out everywhere by removing their sessions."""
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]
    return Session.objects.filter(pk__in=ended).delete()[0]
