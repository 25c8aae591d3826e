"""Doing a write once however often it is asked for: submission keys and advisory locks.

A create form carries a submission key (``forms.SubmittedOnceFormMixin``) and the row it makes
keeps it under a unique constraint (``models.SubmittedOnceModel``). The service stores the row
through ``create_once``: the same key sent again, one after the other or at the same moment,
returns the row the first one stored, so the person sees that record both times.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, models, transaction
from django.http import HttpRequest

from improvement_portal.forms import SUBMISSION_KEY, SubmissionForm

Row = TypeVar("Row", bound=models.Model)


def hold_lock(name: str) -> None:
    """Wait for, then hold until the transaction ends, PostgreSQL's advisory lock on ``name``.

    Other databases (SQLite, for a laptop demo) lock the whole database on write instead.
    """
    if connection.vendor != "postgresql":
        return
    number = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [number])


def submission_key(data: dict[str, Any]) -> uuid.UUID | None:
    """The submission key among a form's cleaned data, if it was sent."""
    return data.get(SUBMISSION_KEY)


def posted_key(request: HttpRequest) -> uuid.UUID | None:
    """The submission key a "check your answers" page sent back (see ``forms.SubmissionForm``)."""
    if request.method != "POST":
        return None
    form = SubmissionForm(request.POST)
    return submission_key(form.cleaned_data) if form.is_valid() else None


def _stored(model: type[Row], key: uuid.UUID, owner: dict[str, Any]) -> tuple[Row | None, bool]:
    """The row stored under ``key``, and whether it belongs to ``owner``."""
    row = model._default_manager.filter(submission_key=key).first()
    mine = row is not None and all(getattr(row, name) == value for name, value in owner.items())
    return row, mine


def submitted(model: type[Row], key: uuid.UUID | None, **owner: Any) -> Row | None:
    """The row ``owner`` already stored under ``key``, or None."""
    if key is None:
        return None
    row, mine = _stored(model, key, owner)
    return row if mine else None


def sent_before(request: HttpRequest, model: type[Row], **owner: Any) -> Row | None:
    """The row this POST's submission key already stored for ``owner``: the form sent again."""
    return submitted(model, posted_key(request), **owner)


def _existing(model: type[Row], key: uuid.UUID, owner: dict[str, Any]) -> Row | None:
    row, mine = _stored(model, key, owner)
    if row is not None and not mine:
        # Keys are random: one used by someone else was copied, not guessed.
        raise PermissionDenied("This form was sent by someone else.")
    return row


def create_once(
    model: type[Row], key: uuid.UUID | None, create: Callable[[], Row], **owner: Any
) -> tuple[Row, bool]:
    """Run ``create`` (which stores a ``model`` row with ``submission_key=key``) once per key.

    Returns the row and whether this call stored it. Requests with the same key wait for each
    other on an advisory lock, so the second finds the first's row whatever else ``create``
    would check (locks, "already booked"); the unique key is the backstop.
    """
    if key is None:
        return create(), True
    with transaction.atomic():
        hold_lock(f"submission:{key}")
        existing = _existing(model, key, owner)
        if existing is not None:
            return existing, False
        try:
            with transaction.atomic():
                return create(), True
        except IntegrityError:
            existing = _existing(model, key, owner)
            if existing is None:
                raise
            return existing, False
