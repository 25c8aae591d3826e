"""Everything the portal holds about one person: the subject-access export, and erasure.

Each area that stores personal data has a ``<app>/personal_data.py`` with two functions:

- ``export(user) -> dict``: its sections, each built with ``section()`` so that it names the
  table its records come from;
- ``erase(user, *, actor) -> dict``: anonymises what it holds about the person and returns
  what changed, in words → how many.

``export_person`` and ``erase_person`` call them area by area, the way the dashboard collects
its cards, so a new app adds its own part by adding the module (found through the app
registry, in INSTALLED_APPS order). This module is also the ``accounts`` part: the account itself, its
email addresses and two-factor methods, sign-in records and the audit trail.

Erasure keeps the programme's figures: counts, ratings, statuses and dates stay, and so does
the person's council and role, because the evaluation counts places by the council of the
person who held them. Free text about the person is blanked, the account becomes
"Erased person N" and can no longer sign in. Audit rows are evidence of what was done, so they
are kept; the values they recorded for the blanked fields are blanked too (otherwise the
history would still hold the text), the person's old name in their descriptions is replaced,
and the network addresses recorded for the person's own actions are removed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.services import end_sessions
from improvement_portal import discovery

EXPORT_FORMAT = "lga-improvement-portal/subject-access/1"
ERASED_EMAIL_DOMAIN = "erased.invalid"


class ErasureRefused(Exception):
    """The person holds a staff role, whose records are the programme's, and force was not given."""


def personal_data_areas() -> list[tuple[str, Any]]:
    """Every app's part with its label; "accounts" (this module) comes last, so that when
    erasing, audit rows are tidied after every other area has blanked its text."""
    parts = discovery.app_modules("personal_data")
    return [part for part in parts if part[0] != "accounts"] + [
        part for part in parts if part[0] == "accounts"
    ]


# Building an export


def section(
    queryset: models.QuerySet[Any],
    *,
    fields: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
    extra: Any = None,
) -> dict[str, Any]:
    """One table's records about the person, for the export: every column unless told otherwise.

    ``fields`` limits the columns (for records where someone else's details would show);
    ``extra(obj) -> dict`` adds values that are not columns, such as many-to-many names.
    """
    model = queryset.model
    return {
        "model": model._meta.label,
        "records": [
            {**record(obj, fields=fields, exclude=exclude), **(extra(obj) if extra else {})}
            for obj in queryset.order_by("pk")
        ],
    }


def record(
    obj: models.Model, *, fields: Sequence[str] | None = None, exclude: Sequence[str] = ()
) -> dict[str, Any]:
    """A row as plain data: choices by their label, related rows by their name, files by path."""
    data: dict[str, Any] = {"id": obj.pk}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in exclude:
            continue
        if fields is not None and field.name not in fields:
            continue
        data[field.name] = _value(obj, field)
    return data


def _value(obj: models.Model, field: models.Field[Any, Any]) -> Any:
    if field.is_relation:
        related = getattr(obj, field.name)
        return None if related is None else str(related)
    value = getattr(obj, field.attname)
    if field.choices and value not in (None, ""):
        return getattr(obj, f"get_{field.name}_display")()
    if isinstance(field, models.FileField):
        return value.name if value else ""
    return value


def export_person(user: User) -> dict[str, Any]:
    """Everything the portal holds about the person, area by area, as JSON-ready data."""
    areas = {name: module.export(user) for name, module in personal_data_areas()}
    # Every area is listed, even with nothing held: the reader sees what was looked at.
    return {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now(),
        "person": {"email": user.email, "full_name": user.full_name},
        "areas": areas,
    }


def export(user: User) -> dict[str, Any]:
    """The account: the user row (never the password), addresses, sign-ins and audit trail."""
    login_names = _login_names(user)
    return {
        "account": section(
            User.objects.filter(pk=user.pk).select_related("region", "council"),
            exclude=("password",),
            extra=lambda u: {
                "groups": [group.name for group in u.groups.all()],
                "permissions": sorted(str(p) for p in u.user_permissions.all()),
            },
        ),
        "email_addresses": section(EmailAddress.objects.filter(user=user)),
        # The method and when it was used, never its secret.
        "two_factor_methods": section(Authenticator.objects.filter(user=user), exclude=("data",)),
        "admin_actions": section(AdminLogEntry.objects.filter(user=user)),
        "audit_entries": _audit_entries(user),
        "sign_ins": section(AccessLog.objects.filter(username__in=login_names)),
        "sign_in_failures": section(AccessFailureLog.objects.filter(username__in=login_names)),
        "sign_in_lockout_counters": section(
            AccessAttempt.objects.filter(username__in=login_names),
            exclude=("get_data", "post_data"),
        ),
    }


def _login_names(user: User) -> list[str]:
    # Failed sign-ins are kept under the address typed, lower-cased (accounts.lockout).
    addresses = {
        user.email,
        *EmailAddress.objects.filter(user=user).values_list("email", flat=True),
    }
    return sorted({address.lower() for address in addresses} | addresses)


def _audit_entries(user: User) -> dict[str, Any]:
    """What the person did: which record, which fields and when.

    The values are left out: the records the person changed are often about other people
    (a programme manager changes other people's bookings), and the person's own values are
    in the sections above.
    """
    entries = LogEntry.objects.filter(actor=user).select_related("content_type")
    return section(
        entries,
        fields=("content_type", "object_pk", "action", "remote_addr", "timestamp", "actor_email"),
        extra=lambda entry: {"fields_changed": sorted(entry.changes_dict)},
    )


# Erasing


def is_staff_role(user: User) -> bool:
    return user.role != Role.COUNCILLOR or user.is_staff or user.is_superuser


def check_erasable(user: User, *, force: bool) -> None:
    """Raise ``ErasureRefused`` for staff unless ``force``."""
    if not is_staff_role(user) or force:
        return
    who = (
        f"is a {user.get_role_display().lower()}, not a councillor"
        if user.role != Role.COUNCILLOR
        else "may use the Django admin"
    )
    raise ErasureRefused(
        f"{user.email} {who}. Their engagements, reviews and decisions are programme "
        "records, so they are not erased unless you are sure: run again with --force to "
        "anonymise them anyway."
    )


def is_erased(user: User) -> bool:
    return user.email.endswith(f"@{ERASED_EMAIL_DOMAIN}") and not user.is_active


@transaction.atomic
def erase_person(user: User, *, actor: User | None, force: bool = False) -> dict[str, dict]:
    """Anonymise the person in every area, keeping the programme's figures; returns what changed.

    Refuses programme managers and advisers (``ErasureRefused``) unless ``force``: their
    engagements and decisions are programme records. Erasing an erased person changes nothing.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    check_erasable(user, force=force)
    if is_erased(user):
        return {}
    changes: dict[str, dict] = {}
    # Plain updates, not audited saves: an audit row of the erasure would keep the old text.
    with disable_auditlog():
        for name, module in personal_data_areas():
            changed = {what: n for what, n in module.erase(user, actor=actor).items() if n}
            if changed:
                changes[name] = changed
    return changes


def erase(user: User, *, actor: User | None) -> dict[str, int]:
    """The account: renamed, no address, no password, no way in; sign-in records removed."""
    old_name, old_email = user.full_name, user.email
    login_names = _login_names(user)
    changes = {
        "email addresses removed": EmailAddress.objects.filter(user=user).delete()[0],
        "two-factor methods removed": Authenticator.objects.filter(user=user).delete()[0],
        "sign-in records removed": sum(
            model.objects.filter(username__in=login_names).delete()[0]
            for model in (AccessLog, AccessFailureLog, AccessAttempt)
        ),
        "sessions ended": end_sessions(user),
        "audit entries tidied": _tidy_audit_entries(user, old_name=old_name),
    }
    user.full_name = f"Erased person {user.pk}"
    user.email = f"erased-{user.pk}@{ERASED_EMAIL_DOMAIN}"
    user.set_unusable_password()
    user.is_active = user.is_staff = user.is_superuser = False
    user.last_login = None
    user.save(
        update_fields=[
            "full_name",
            "email",
            "password",
            "is_active",
            "is_staff",
            "is_superuser",
            "last_login",
            "updated_at",
        ]
    )
    user.groups.clear()
    user.user_permissions.clear()
    _record_erasure(user, actor=actor)
    changes["account anonymised"] = int(old_email != user.email)
    return changes


def _record_erasure(user: User, *, actor: User | None) -> None:
    """One audit row says who erased the account and when; it keeps none of the old values."""
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(User),
        object_pk=str(user.pk),
        object_id=user.pk,
        object_repr=user.full_name,
        action=LogEntry.Action.UPDATE,
        changes={
            "full_name": ["", user.full_name],
            "email": ["", user.email],
            "is_active": ["", "False"],
        },
        actor=actor,
        actor_email=actor.email if actor else None,
        additional_data={"erased": True},
    )


def _tidy_audit_entries(user: User, *, old_name: str) -> int:
    tidied = LogEntry.objects.filter(actor=user).update(
        remote_addr=None, remote_port=None, actor_email=f"erased-{user.pk}@{ERASED_EMAIL_DOMAIN}"
    )
    if old_name:
        for entry in LogEntry.objects.filter(object_repr__contains=old_name).only("object_repr"):
            entry.object_repr = entry.object_repr.replace(old_name, f"Erased person {user.pk}")
            entry.save(update_fields=["object_repr"])
            tidied += 1
    return tidied


def blank_text(queryset: models.QuerySet[Any], fields: Sequence[str]) -> int:
    """Blank the free-text ``fields`` of the rows, and the values their audit rows recorded for
    them; returns how many rows had any of that text."""
    model = queryset.model
    ids = list(queryset.values_list("pk", flat=True))
    rows = model._default_manager.filter(pk__in=ids)
    changed = rows.filter(_any_text(fields)).update(**dict.fromkeys(fields, ""))
    blank_audit_values(model, ids, fields)
    return changed


def _any_text(fields: Sequence[str]) -> models.Q:
    q = models.Q()
    for name in fields:
        q |= ~models.Q(**{name: ""})
    return q


def blank_audit_values(model: type[models.Model], ids: Sequence[Any], fields: Sequence[str]) -> int:
    """Blank the before and after values recorded for ``fields`` in the rows' audit history."""
    if not ids:
        return 0
    content_type = ContentType.objects.get_for_model(model)
    entries = LogEntry.objects.filter(
        content_type=content_type, object_pk__in=[str(pk) for pk in ids]
    )
    blanked = 0
    for entry in entries.iterator():
        changes, touched = _blanked(entry.changes, fields)
        text_changes, text_touched = _blanked(_loads(entry.changes_text), fields)
        serialized, data_touched = _blanked_serialized(entry.serialized_data, fields)
        if not (touched or text_touched or data_touched):
            continue
        entry.changes = changes
        if text_touched:
            entry.changes_text = json.dumps(text_changes)
        entry.serialized_data = serialized
        entry.save(update_fields=["changes", "changes_text", "serialized_data"])
        blanked += 1
    return blanked


def _blanked(changes: Any, fields: Sequence[str]) -> tuple[Any, bool]:
    if not isinstance(changes, dict):
        return changes, False
    touched = False
    result = dict(changes)
    for name in fields:
        if name in result and isinstance(result[name], list):
            # "None" is how the history marks a value that did not exist yet: kept as it is.
            result[name] = ["" if value not in (None, "None") else value for value in result[name]]
            touched = True
    return result, touched


def _blanked_serialized(data: Any, fields: Sequence[str]) -> tuple[Any, bool]:
    if not isinstance(data, dict) or not isinstance(data.get("fields"), dict):
        return data, False
    present = [name for name in fields if name in data["fields"]]
    if not present:
        return data, False
    return {**data, "fields": {**data["fields"], **dict.fromkeys(present, "")}}, True


def _loads(text: str) -> Any:
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None
