"""Resources hold a file or a link, and PostgreSQL search ranks title matches first."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from resources import services
from resources.models import Resource, Status
from tests.factories.resources import ResourceFactory, draft

pytestmark = pytest.mark.django_db


def _indexed(**kwargs) -> Resource:
    resource = ResourceFactory(**kwargs)
    services.update_search_vectors(resource_ids=[resource.pk])
    return resource


def test_a_resource_cannot_have_both_a_file_and_a_link():
    with pytest.raises(IntegrityError), transaction.atomic():
        ResourceFactory(file="resources/abc.pdf", file_format="pdf")


def test_a_resource_cannot_have_neither_a_file_nor_a_link():
    with pytest.raises(IntegrityError), transaction.atomic():
        ResourceFactory(external_url="")


def test_a_published_resource_needs_a_publication_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        ResourceFactory(status=Status.PUBLISHED, published_on=None)


def test_search_ranks_a_title_match_above_a_summary_match():
    in_summary = _indexed(
        title="Leading a council through change",
        summary="How lead members approach corporate parenting.",
        published_on=datetime.date(2025, 1, 1),
    )
    in_title = _indexed(
        title="Corporate parenting resource pack",
        summary="Helping every member look after children in care.",
        published_on=datetime.date(2019, 1, 1),
    )
    _indexed(title="Must know: education", summary="Schools and learning.")

    found = list(Resource.objects.search("parenting"))

    assert found == [in_title, in_summary]


def test_search_ranks_a_summary_match_above_a_topic_match():
    by_topic = _indexed(title="Questions for lead members", topics=["Safeguarding"])
    by_summary = _indexed(title="A guide for members", summary="Safeguarding in practice.")

    assert list(Resource.objects.search("safeguarding")) == [by_summary, by_topic]


def test_search_stems_words_and_ignores_case():
    guide = _indexed(title="Inspections of children's services")

    assert list(Resource.objects.search("INSPECTION")) == [guide]


def test_search_understands_web_search_syntax_and_survives_stray_operators():
    pack = _indexed(title="Corporate parenting resource pack")

    assert list(Resource.objects.search('"corporate parenting" pack')) == [pack]
    assert list(Resource.objects.search("corporate -parenting")) == []
    assert list(Resource.objects.search("((( & :* ! <->")) == []


def test_the_plain_fallback_matches_title_summary_and_topics(monkeypatch):
    from django.db import connection

    title = ResourceFactory(title="Ofsted and you")
    summary = ResourceFactory(summary="After an Ofsted visit.")
    topic = ResourceFactory(topics=["Ofsted"])
    ResourceFactory(title="Unrelated")
    monkeypatch.setattr(connection, "vendor", "sqlite")

    assert set(Resource.objects.search("ofsted")) == {title, summary, topic}


def test_only_programme_managers_see_drafts(programme_manager, councillor):
    published = ResourceFactory()
    hidden = draft()

    assert set(Resource.objects.visible_to(programme_manager)) == {published, hidden}
    assert set(Resource.objects.visible_to(councillor)) == {published}
