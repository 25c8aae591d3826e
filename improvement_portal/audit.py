"""Audit rows for the writes django-auditlog's signals never see: bulk creates and updates.

``Model.save()`` and ``delete()`` are audited by the signals django-auditlog connects for each
registered model. ``QuerySet.update()`` and ``bulk_create()`` send no signals, so services that
use them (a conditional claim, an import) call these helpers instead, which leave the same row
per object (who, when, before and after) as a save would.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import Any

from auditlog.context import auditlog_disabled, auditlog_value, set_actor
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import pre_save


@contextlib.contextmanager
def acting(actor: Any) -> Iterator[None]:
    """Attribute the audit rows written inside to ``actor``, unless a live context (the
    request's, from AuditlogMiddleware, or an enclosing ``acting``) already does.

    django-auditlog's contexts do not nest: opening one inside another leaves the outer one's
    signal receiver connected for good, one more for every request that did so.
    """
    current = auditlog_value.get(None)
    live = current is not None and any(
        key[0] == current.get("signal_duid") for key, *_ in pre_save.receivers
    )
    if actor is None:
        yield
    elif not live:
        with set_actor(actor):
            yield
    elif current.get("actor") is None:
        # A live context without a person (work done outside a signed-in request).
        current["actor"] = actor
        try:
            yield
        finally:
            current["actor"] = None
    else:
        yield


def _actor_fields(actor: Any) -> dict[str, Any]:
    # Without an actor, the request's (set by AuditlogMiddleware or set_actor) is used.
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {}
    return {"actor": actor, "actor_email": getattr(actor, "email", None)}


def _enabled(model: type[models.Model]) -> bool:
    return auditlog.contains(model) and not auditlog_disabled.get()


def log_created(objects: Iterable[models.Model], *, actor: Any = None) -> None:
    """One "create" row per object just stored by ``bulk_create`` (their keys must be set)."""
    for instance in objects:
        if not _enabled(type(instance)):
            continue
        changes = model_instance_diff(
            None,
            instance,
            use_json_for_changes=getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False),
        )
        LogEntry.objects.log_create(
            instance,
            action=LogEntry.Action.CREATE,
            changes=changes,
            force_log=True,
            **_actor_fields(actor),
        )


@transaction.atomic
def update(queryset: models.QuerySet[Any], *, actor: Any = None, **values: Any) -> int:
    """``queryset.update(**values)``, leaving one "update" row per row it changed.

    The rows are locked and read first, so a conditional update (a claim) keeps its meaning:
    a row another transaction changed meanwhile is re-checked against the filter, as with a
    plain update. Returns the number of rows updated.
    """
    model = queryset.model
    if not _enabled(model):
        return queryset.update(**values)
    before = {row.pk: row for row in queryset.select_for_update(of=("self",))}
    if not before:
        return 0
    manager = model._default_manager
    updated = manager.filter(pk__in=list(before)).update(**values)
    after = manager.in_bulk(list(before))
    for pk, old in before.items():
        changes = model_instance_diff(
            old,
            after[pk],
            fields_to_check=list(values),
            use_json_for_changes=getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False),
        )
        if changes:
            LogEntry.objects.log_create(
                after[pk], action=LogEntry.Action.UPDATE, changes=changes, **_actor_fields(actor)
            )
    return updated
