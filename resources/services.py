"""Every write to the resource library."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector
from django.core.files import File
from django.db import connection, transaction
from django.db.models import F, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify

from improvement_portal import idempotency
from resources.models import SEARCH_CONFIG, Resource, ResourceAudience, Status, Topic

# Slugs that would collide with the library's own URLs.
RESERVED_SLUGS = frozenset({"new"})


@transaction.atomic
def create_resource(
    *,
    actor: Any,
    title: str,
    kind: str,
    audiences: Iterable[str],
    summary: str,
    topics: Iterable[str],
    status: str,
    published_on: datetime.date | None = None,
    external_url: str = "",
    upload: File | None = None,
    file_format: str = "",
    submission_key: uuid.UUID | None = None,
) -> Resource:
    """Create a resource with exactly one of a stored file or a link, and index it for search.

    The same form sent again (``submission_key``) returns the resource it made.
    """

    def create() -> Resource:
        resource = Resource(
            submission_key=submission_key,
            title=title,
            slug=unique_slug(title),
            kind=kind,
            summary=summary,
            status=status,
            published_on=_published_on(status, published_on),
            created_by=actor,
        )
        if upload is not None:
            _store_upload(resource, upload, file_format)
        else:
            resource.external_url = external_url
        resource.save()
        _set_audiences(resource, audiences)
        resource.topics.set(topics_named(topics))
        update_search_vectors(resource_ids=[resource.pk])
        return resource

    return idempotency.create_once(Resource, submission_key, create, created_by_id=actor.pk)[0]


@transaction.atomic
def update_resource(
    *,
    resource: Resource,
    actor: Any,
    title: str,
    kind: str,
    audiences: Iterable[str],
    summary: str,
    topics: Iterable[str],
    status: str,
    published_on: datetime.date | None = None,
    external_url: str = "",
    upload: File | None = None,
    file_format: str = "",
) -> Resource:
    """Change a resource; a new file or a link replaces the old file, which is then deleted."""
    old_file = resource.file.name
    resource.title, resource.kind, resource.summary = title, kind, summary
    resource.status = status
    resource.published_on = _published_on(status, published_on)
    if upload is not None:
        _store_upload(resource, upload, file_format)
        resource.external_url = ""
    elif external_url:
        resource.file, resource.file_format, resource.file_size = "", "", 0
        resource.external_url = external_url
    resource.save(
        update_fields=[
            "title", "kind", "summary", "status", "published_on", "file", "file_format",
            "file_size", "external_url", "updated_at",
        ]
    )  # fmt: skip
    if old_file and old_file != resource.file.name:
        storage = resource.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    _set_audiences(resource, audiences)
    resource.topics.set(topics_named(topics))
    update_search_vectors(resource_ids=[resource.pk])
    return resource


def record_download(*, resource: Resource) -> None:
    """Count one download, safely under concurrent requests."""
    Resource.objects.filter(pk=resource.pk).update(download_count=F("download_count") + 1)


def update_search_vectors(*, resource_ids: Iterable[int]) -> None:
    """Rebuild the full-text search vectors (title A, summary B, topics C) on PostgreSQL."""
    if connection.vendor != "postgresql":
        return
    topic_names = (
        Resource.topics.through.objects.filter(resource=OuterRef("pk"))
        .values("resource")
        .annotate(names=StringAgg("topic__name", delimiter=" "))
        .values("names")  # type: ignore[misc]  # django-stubs misses an annotation made after values()
    )
    Resource.objects.filter(pk__in=list(resource_ids)).update(
        search_vector=SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector(
            Coalesce(Subquery(topic_names), Value(""), output_field=TextField()),
            weight="C",
            config=SEARCH_CONFIG,
        )
    )


def topics_named(names: Iterable[str]) -> list[Topic]:
    """The topics with these names, created when new; names that slugify alike are one topic."""
    topics: dict[str, Topic] = {}
    for name in names:
        slug = slugify(name)
        if slug and slug not in topics:
            topics[slug], _ = Topic.objects.get_or_create(slug=slug, defaults={"name": name})
    return list(topics.values())


def unique_slug(title: str) -> str:
    base = slugify(title)[:200] or "resource"
    slug, number = base, 1
    while slug in RESERVED_SLUGS or Resource.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _published_on(status: str, published_on: datetime.date | None) -> datetime.date | None:
    if status == Status.PUBLISHED and published_on is None:
        return timezone.localdate()
    return published_on


def _store_upload(resource: Resource, upload: File, file_format: str) -> None:
    # A generated name: nothing the uploader chose reaches the file system.
    resource.file.save(f"{uuid.uuid4().hex}.{file_format}", upload, save=False)
    resource.file_format = file_format
    resource.file_size = upload.size or 0


def _set_audiences(resource: Resource, audiences: Iterable[str]) -> None:
    wanted = set(audiences)
    resource.audiences.exclude(audience__in=wanted).delete()
    existing = set(resource.audiences.values_list("audience", flat=True))
    ResourceAudience.objects.bulk_create(
        ResourceAudience(resource=resource, audience=audience)
        for audience in sorted(wanted - existing)
    )
