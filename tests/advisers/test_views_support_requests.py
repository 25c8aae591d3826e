"""Support requests: routed to the region's PA, moved through statuses, with a history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from advisers.models import SupportRequest
from tests.factories.advisers import SupportRequestFactory

pytestmark = pytest.mark.django_db


def test_a_request_is_routed_to_the_pa_of_the_councils_region(
    login, improvement_adviser, principal_adviser, camden
):
    response = login(improvement_adviser).post(
        reverse("advisers:support-request-create"),
        {
            "council": camden.pk,
            "kind": "diagnostic",
            "contact_name": "Sam, DCS",
            "details": "Help with the front door.",
        },
    )

    support_request = SupportRequest.objects.get()
    assert response.status_code == 302
    assert support_request.routed_to == principal_adviser
    assert support_request.status == "new"
    assert [(e.from_status, e.to_status) for e in support_request.events.all()] == [("", "new")]


def test_a_request_form_with_errors_says_what_to_fix(login, principal_adviser):
    response = login(principal_adviser).post(
        reverse("advisers:support-request-create"), {"council": "", "kind": "", "details": ""}
    )

    content = response.content.decode()
    assert "Choose the council" in content
    assert "Choose the kind of support needed" in content
    assert "Enter what the council is asking for" in content


def test_the_pa_moves_a_request_through_its_statuses(login, principal_adviser, other_cia, camden):
    support_request = SupportRequestFactory(council=camden, routed_to=principal_adviser)
    client = login(principal_adviser)
    url = reverse("advisers:support-request-status", args=[support_request.pk])

    client.post(url, {"status": "triaged", "note": "Looks urgent."})
    client.post(url, {"status": "assigned", "assigned_to": other_cia.pk})
    client.post(url, {"status": "closed"})

    support_request.refresh_from_db()
    assert support_request.status == "closed"
    assert support_request.assigned_to == other_cia
    events = [(e.from_status, e.to_status) for e in support_request.events.all()]
    assert events == [("new", "triaged"), ("triaged", "assigned"), ("assigned", "closed")]
    page = client.get(support_request.get_absolute_url()).content.decode()
    assert "Looks urgent." in page


def test_a_request_cannot_skip_a_step(login, principal_adviser, other_cia, camden):
    support_request = SupportRequestFactory(council=camden, routed_to=principal_adviser)

    response = login(principal_adviser).post(
        reverse("advisers:support-request-status", args=[support_request.pk]),
        {"status": "assigned", "assigned_to": other_cia.pk},
    )

    support_request.refresh_from_db()
    assert response.status_code == 400
    assert support_request.status == "new"
    assert "Choose one of the statuses shown" in response.content.decode()


def test_status_changes_need_post(login, principal_adviser, camden):
    support_request = SupportRequestFactory(council=camden, routed_to=principal_adviser)
    url = reverse("advisers:support-request-status", args=[support_request.pk])

    assert login(principal_adviser).get(url).status_code == 405


def test_a_cia_reads_requests_for_their_councils_but_cannot_move_them(
    login, improvement_adviser, cia_profile, principal_adviser, camden, islington
):
    camden_request = SupportRequestFactory(council=camden, routed_to=principal_adviser)
    islington_request = SupportRequestFactory(council=islington, routed_to=principal_adviser)
    client = login(improvement_adviser)

    assert client.get(camden_request.get_absolute_url()).status_code == 200
    assert client.get(islington_request.get_absolute_url()).status_code == 404
    status_url = reverse("advisers:support-request-status", args=[camden_request.pk])
    assert client.post(status_url, {"status": "triaged"}).status_code == 403


def test_a_pa_from_another_region_sees_nothing(login, leeds_pa, principal_adviser, camden):
    support_request = SupportRequestFactory(council=camden, routed_to=principal_adviser)
    client = login(leeds_pa.user)

    assert client.get(support_request.get_absolute_url()).status_code == 404
    assert list(client.get(reverse("advisers:support-request-list")).context["page"]) == []


@pytest.mark.parametrize("persona", ["associate", "councillor"])
def test_associates_and_councillors_have_no_support_request_pages(request, login, persona, camden):
    support_request = SupportRequestFactory(council=camden)
    client = login(request.getfixturevalue(persona))

    for url in [
        reverse("advisers:support-request-list"),
        reverse("advisers:support-request-create"),
        support_request.get_absolute_url(),
    ]:
        assert client.get(url).status_code == 403


def test_the_list_filters_by_status(login, programme_manager, camden, islington):
    SupportRequestFactory(council=camden, status="new")
    SupportRequestFactory(council=islington, status="closed")

    response = login(programme_manager).get(
        reverse("advisers:support-request-list"), {"status": "closed"}
    )

    assert [r.council.name for r in response.context["page"]] == ["Islington"]
