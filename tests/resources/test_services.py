"""Creating and changing resources, storing their files, counting downloads."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.storage import default_storage

from resources import services
from resources.models import Audience, Kind, Resource, Status
from tests.factories.resources import docx_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db

STORED_NAME = re.compile(r"^resources/[0-9a-f]{32}\.(pdf|docx|xlsx)$")


def _create(actor, **overrides) -> Resource:
    arguments = {
        "title": "Corporate parenting resource pack",
        "kind": Kind.RESOURCE_PACK,
        "audiences": [Audience.COUNCILLORS, Audience.PORTFOLIO_HOLDERS],
        "summary": "Every councillor is a corporate parent.",
        "topics": ["Corporate parenting", "Children in care"],
        "status": Status.PUBLISHED,
        "published_on": datetime.date(2019, 2, 11),
        "upload": upload("../../etc/passwd.pdf", pdf_bytes()),
        "file_format": "pdf",
    }
    return services.create_resource(actor=actor, **{**arguments, **overrides})


def test_stores_an_upload_under_a_generated_name_in_the_resources_folder(manager):
    resource = _create(manager)

    assert STORED_NAME.match(resource.file.name)
    assert "passwd" not in resource.file.name
    assert default_storage.open(resource.file.name).read() == pdf_bytes()
    assert resource.file_size == len(pdf_bytes())
    assert resource.created_by == manager


def test_records_audiences_topics_and_indexes_the_resource_for_search(manager):
    resource = _create(manager)

    assert sorted(resource.audiences.values_list("audience", flat=True)) == [
        "councillors",
        "portfolio_holders",
    ]
    assert sorted(resource.topics.values_list("slug", flat=True)) == [
        "children-in-care",
        "corporate-parenting",
    ]
    assert list(Resource.objects.search("children in care")) == [resource]


def test_publishing_without_a_date_uses_today(manager, time_machine):
    time_machine.move_to(datetime.datetime(2025, 3, 3, 12, 0))

    resource = _create(manager, published_on=None)

    assert resource.published_on == datetime.date(2025, 3, 3)


def test_a_draft_keeps_no_publication_date(manager):
    resource = _create(manager, status=Status.DRAFT, published_on=None)

    assert resource.published_on is None


def test_slugs_are_unique_and_never_clash_with_the_add_page(manager):
    first = _create(manager)
    second = _create(manager)
    new = _create(manager, title="New")

    assert first.slug == "corporate-parenting-resource-pack"
    assert second.slug == "corporate-parenting-resource-pack-2"
    assert new.slug == "new-2"


def test_a_link_resource_stores_no_file(manager):
    resource = _create(
        manager, upload=None, file_format="", external_url="https://www.cfgs.org.uk/"
    )

    assert resource.file.name == ""
    assert resource.external_url == "https://www.cfgs.org.uk/"


def test_topics_that_differ_only_in_case_are_one_topic(manager):
    resource = _create(manager, topics=["Ofsted", "ofsted", "OFSTED "])

    assert resource.topics.count() == 1


def test_a_new_file_replaces_the_old_one_which_is_deleted(
    manager, django_capture_on_commit_callbacks
):
    resource = _create(manager)
    old_name = resource.file.name

    with django_capture_on_commit_callbacks(execute=True):
        services.update_resource(
            resource=resource,
            actor=manager,
            **_unchanged(resource),
            upload=upload("new.docx", docx_bytes()),
            file_format="docx",
        )

    resource.refresh_from_db()
    assert STORED_NAME.match(resource.file.name) and resource.file.name.endswith(".docx")
    assert resource.file_format == "docx"
    assert not default_storage.exists(old_name)


def test_switching_to_a_link_removes_the_file(manager, django_capture_on_commit_callbacks):
    resource = _create(manager)
    old_name = resource.file.name

    with django_capture_on_commit_callbacks(execute=True):
        services.update_resource(
            resource=resource,
            actor=manager,
            **_unchanged(resource),
            external_url="https://www.local.gov.uk/",
        )

    resource.refresh_from_db()
    assert (resource.file.name, resource.file_format) == ("", "")
    assert resource.external_url == "https://www.local.gov.uk/"
    assert not default_storage.exists(old_name)


def test_an_edit_without_a_new_file_keeps_the_file_and_reindexes(manager):
    resource = _create(manager)
    old_name = resource.file.name

    services.update_resource(
        resource=resource,
        actor=manager,
        **{
            **_unchanged(resource),
            "title": "Being a good corporate parent",
            "topics": ["Fostering"],
        },
    )

    resource.refresh_from_db()
    assert resource.file.name == old_name
    assert list(Resource.objects.search("fostering")) == [resource]
    assert list(Resource.objects.search("children in care")) == []


def test_counts_each_download(manager):
    resource = _create(manager)

    services.record_download(resource=resource)
    services.record_download(resource=resource)

    resource.refresh_from_db()
    assert resource.download_count == 2


def test_counting_works_from_a_stale_copy_so_simultaneous_downloads_are_not_lost(manager):
    resource = _create(manager)
    stale = Resource.objects.get(pk=resource.pk)
    services.record_download(resource=resource)

    services.record_download(resource=stale)

    resource.refresh_from_db()
    assert resource.download_count == 2


def _unchanged(resource: Resource) -> dict:
    return {
        "title": resource.title,
        "kind": resource.kind,
        "audiences": list(resource.audiences.values_list("audience", flat=True)),
        "summary": resource.summary,
        "topics": list(resource.topics.values_list("name", flat=True)),
        "status": resource.status,
        "published_on": resource.published_on,
    }
