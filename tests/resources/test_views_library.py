"""Browsing, searching, reading and downloading resources."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from resources import services
from resources.models import Audience, Kind, Resource
from tests.conftest import PERSONAS
from tests.factories.resources import ResourceFactory, draft, pdf_bytes

pytestmark = pytest.mark.django_db
LIST = reverse("resources:list")
NON_MANAGERS = [persona for persona in PERSONAS if persona != "programme_manager"]


def _with_pdf(**kwargs) -> Resource:
    name = default_storage.save("resources/0123abcd.pdf", ContentFile(pdf_bytes()))
    return ResourceFactory(
        file=name, file_format="pdf", file_size=len(pdf_bytes()), external_url="", **kwargs
    )


def _titles(response) -> list[str]:
    return [resource.title for resource in response.context["page"].object_list]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_role_can_browse_the_library(request, login, persona):
    ResourceFactory(title="Must know: safeguarding children")

    response = login(request.getfixturevalue(persona)).get(LIST)

    assert response.status_code == 200
    assert "Must know: safeguarding children" in response.text


def test_people_who_are_not_logged_in_are_sent_to_log_in(client):
    response = client.get(LIST)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("persona", NON_MANAGERS)
def test_drafts_are_hidden_from_everyone_but_programme_managers(request, login, persona):
    hidden = draft(title="Unpublished guide", topics=["Secret topic"])
    client = login(request.getfixturevalue(persona))

    listing = client.get(LIST)
    assert "Unpublished guide" not in listing.text
    assert "Secret topic" not in listing.text
    assert client.get(reverse("resources:detail", args=[hidden.slug])).status_code == 404


@pytest.mark.parametrize("persona", NON_MANAGERS)
def test_a_draft_file_cannot_be_downloaded_by_others(request, login, persona):
    hidden = _with_pdf(status="draft", published_on=None)

    response = login(request.getfixturevalue(persona)).get(
        reverse("resources:download", args=[hidden.slug])
    )

    assert response.status_code == 404
    hidden.refresh_from_db()
    assert hidden.download_count == 0


def test_programme_managers_see_and_download_drafts(login, programme_manager):
    hidden = _with_pdf(title="Unpublished guide", status="draft", published_on=None)
    client = login(programme_manager)

    listing = client.get(LIST)
    page = client.get(reverse("resources:detail", args=[hidden.slug]))
    download = client.get(reverse("resources:download", args=[hidden.slug]))

    assert "Unpublished guide" in listing.text and "Draft" in listing.text
    assert "Only programme managers can see this resource" in page.text
    assert download.status_code == 200


def test_lists_newest_first(login, councillor):
    ResourceFactory(title="Older", published_on=datetime.date(2018, 1, 1))
    ResourceFactory(title="Newest", published_on=datetime.date(2024, 6, 1))
    ResourceFactory(title="Middle", published_on=datetime.date(2020, 1, 1))

    response = login(councillor).get(LIST)

    assert _titles(response) == ["Newest", "Middle", "Older"]


def test_search_puts_the_best_match_first(login, councillor):
    for title, summary in [
        ("Leading through change", "What lead members do about corporate parenting."),
        ("Corporate parenting resource pack", "Looking after children in care."),
        ("Must know: education", "Schools."),
    ]:
        resource = ResourceFactory(title=title, summary=summary)
        services.update_search_vectors(resource_ids=[resource.pk])

    response = login(councillor).get(LIST, {"q": "corporate parenting"})

    assert _titles(response) == ["Corporate parenting resource pack", "Leading through change"]
    assert "2 resources, best match first" in response.text
    assert "Search results for “corporate parenting”" in response.text


def test_filters_by_kind_audience_and_topic(login, councillor):
    ResourceFactory(title="Guide for councillors", audiences=[Audience.COUNCILLORS])
    ResourceFactory(
        title="Paper for officers",
        kind=Kind.POSITION_PAPER,
        audiences=[Audience.OFFICERS],
        topics=["Inspection"],
    )
    ResourceFactory(title="Report on inspection", kind=Kind.RESEARCH_REPORT, topics=["Inspection"])
    client = login(councillor)

    assert _titles(client.get(LIST, {"kind": "position_paper"})) == ["Paper for officers"]
    assert _titles(client.get(LIST, {"audience": "councillors"})) == ["Guide for councillors"]
    assert sorted(_titles(client.get(LIST, {"topic": "inspection"}))) == [
        "Paper for officers",
        "Report on inspection",
    ]


def test_says_so_when_nothing_matches(login, councillor):
    ResourceFactory(title="Corporate parenting")

    response = login(councillor).get(LIST, {"q": "zebra"})

    assert "No resources match your search." in response.text


def test_pages_through_long_lists(login, councillor):
    ResourceFactory.create_batch(25)
    client = login(councillor)

    first, second = client.get(LIST), client.get(LIST, {"page": 2, "kind": "guide"})

    assert len(_titles(first)) == 20 and len(_titles(second)) == 5
    assert "?page=2" in first.text
    assert "?page=1&amp;kind=guide" in second.text


@pytest.mark.parametrize("size", [2, 30])
def test_the_list_costs_the_same_number_of_queries_whatever_its_size(
    login, programme_manager, django_assert_num_queries, size
):
    resources = [
        ResourceFactory(audiences=[Audience.COUNCILLORS], topics=[f"Topic {number % 4}"])
        for number in range(size)
    ]
    services.update_search_vectors(resource_ids=[resource.pk for resource in resources])
    client = login(programme_manager)

    # Session, user, page, count, facets and the header's count of unread notifications:
    # none of them grows with the number of resources.
    with django_assert_num_queries(8):
        response = client.get(LIST, {"q": "resource", "audience": "councillors"})

    assert len(_titles(response)) == min(size, 20)


def test_a_resource_page_shows_its_details_and_a_download_button(login, councillor):
    resource = _with_pdf(
        title="Must know: safeguarding children",
        audiences=[Audience.PORTFOLIO_HOLDERS],
        topics=["Safeguarding"],
        published_on=datetime.date(2019, 6, 3),
    )

    response = login(councillor).get(reverse("resources:detail", args=[resource.slug]))

    assert response.status_code == 200
    assert reverse("resources:download", args=[resource.slug]) in response.text
    assert "Download" in response.text and "PDF" in response.text
    assert "Children&#x27;s services portfolio holders" in response.text
    assert "3 June 2019" in response.text
    assert "Change this resource" not in response.text
    assert "Downloads" not in response.text


def test_a_link_resource_links_out_and_has_nothing_to_download(login, councillor):
    resource = ResourceFactory(external_url="https://www.cfgs.org.uk/")
    client = login(councillor)

    page = client.get(reverse("resources:detail", args=[resource.slug]))
    download = client.get(reverse("resources:download", args=[resource.slug]))

    assert 'href="https://www.cfgs.org.uk/"' in page.text
    assert download.status_code == 404


def test_a_download_is_an_attachment_named_after_the_resource(login, councillor):
    resource = _with_pdf(slug="must-know-safeguarding")

    response = login(councillor).get(reverse("resources:download", args=[resource.slug]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="must-know-safeguarding.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_word_and_excel_downloads_have_their_own_content_types(login, councillor):
    word = ResourceFactory(
        slug="pack", file="resources/a.docx", file_format="docx", external_url=""
    )
    default_storage.save("resources/a.docx", ContentFile(b"PK\x03\x04"))

    response = login(councillor).get(reverse("resources:download", args=[word.slug]))

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == 'attachment; filename="pack.docx"'


def test_each_download_is_counted(login, councillor):
    resource = _with_pdf()
    client = login(councillor)

    for _ in range(3):
        client.get(reverse("resources:download", args=[resource.slug]))

    resource.refresh_from_db()
    assert resource.download_count == 3


def test_a_resources_history_is_shown_to_programme_managers_only(
    login, programme_manager, councillor
):
    resource = ResourceFactory(title="Front door guide")
    resource.title = "Front door guide, 2026"
    resource.save()
    url = reverse("resources:detail", args=[resource.slug])

    assert (
        "Title: Front door guide → Front door guide, 2026" in login(programme_manager).get(url).text
    )
    assert 'id="history"' not in login(councillor).get(url).text
    assert Resource.objects.count() == 1
