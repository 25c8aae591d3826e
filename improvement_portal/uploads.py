"""Uploads checked before they are imported (``models.FileUpload``): kept once per form
submission, checked in the background, and claimed once for importing."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from improvement_portal import idempotency
from improvement_portal.models import FileUpload

Upload = TypeVar("Upload", bound=FileUpload)


def keep_upload(
    model: type[Upload],
    *,
    uploaded_file: UploadedFile,
    actor: Any,
    submission_key: Any,
    check: Any,
) -> Upload:
    """Store the file and have the ``check`` task dry-run it after commit; the same form sent
    twice keeps one upload."""

    def create() -> Upload:
        upload = model._default_manager.create(
            file=uploaded_file,
            file_name=uploaded_file.name or "upload",
            uploaded_by=actor,
            submission_key=submission_key,
        )
        check.delay_on_commit(upload.pk)
        return upload

    return idempotency.create_once(model, submission_key, create, uploaded_by_id=actor.pk)[0]


def claim_upload(upload: FileUpload, *, apply: Any, args: tuple[Any, ...], **fields: Any) -> bool:
    """Claim a checked upload for importing and have the ``apply`` task import it after commit;
    False when it is not (or no longer) ready, so a second confirmation imports nothing."""
    claimed = (
        type(upload)
        ._default_manager.filter(pk=upload.pk, status=FileUpload.Status.READY)
        .update(status=FileUpload.Status.IMPORTING, updated_at=timezone.now(), **fields)
    )
    if claimed:
        apply.delay_on_commit(*args)
    return bool(claimed)
