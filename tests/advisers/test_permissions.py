"""Who reads, edits and sees the confidential notes of which engagement (DESIGN.md, "Roles")."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from advisers import permissions

pytestmark = pytest.mark.django_db


def visible(user) -> set[str]:
    return set(permissions.visible_engagements(user).values_list("council__name", flat=True))


def test_programme_manager_reads_edits_and_sees_notes_of_everything(programme_manager, engagements):
    assert visible(programme_manager) == {"Camden", "Islington", "Leeds"}
    for engagement in engagements.values():
        assert permissions.can_edit_engagement(programme_manager, engagement)
        assert permissions.can_see_confidential_notes(programme_manager, engagement)


def test_principal_adviser_reads_their_region_and_its_notes_but_edits_only_their_own(
    principal_adviser, pa_profile, engagements
):
    assert visible(principal_adviser) == {"Camden", "Islington"}
    assert permissions.can_see_confidential_notes(principal_adviser, engagements["camden"])
    assert not permissions.can_see_confidential_notes(principal_adviser, engagements["leeds"])
    assert not permissions.can_edit_engagement(principal_adviser, engagements["camden"])


def test_principal_adviser_edits_their_own_engagement_outside_their_region(
    principal_adviser, pa_profile, leeds
):
    from tests.factories.advisers import EngagementFactory

    own = EngagementFactory(council=leeds, adviser=pa_profile)

    assert "Leeds" in visible(principal_adviser)
    assert permissions.can_edit_engagement(principal_adviser, own)


def test_cia_reads_assigned_councils_only_and_not_other_authors_notes(
    improvement_adviser, cia_profile, engagements
):
    assert visible(improvement_adviser) == {"Camden"}
    assert permissions.can_read_engagement(improvement_adviser, engagements["camden"])
    assert not permissions.can_read_engagement(improvement_adviser, engagements["islington"])
    assert not permissions.can_edit_engagement(improvement_adviser, engagements["camden"])
    assert not permissions.can_see_confidential_notes(improvement_adviser, engagements["camden"])


def test_the_author_reads_edits_and_sees_notes_of_their_own(other_cia, engagements):
    author = other_cia.user

    assert visible(author) == {"Camden", "Islington"}
    assert permissions.can_edit_engagement(author, engagements["islington"])
    assert permissions.can_see_confidential_notes(author, engagements["islington"])
    assert not permissions.can_read_engagement(author, engagements["leeds"])


@pytest.mark.parametrize("persona", ["associate", "councillor"])
def test_associates_and_councillors_see_no_engagement(request, persona, engagements):
    user = request.getfixturevalue(persona)

    assert visible(user) == set()
    for engagement in engagements.values():
        assert not permissions.can_read_engagement(user, engagement)
        assert not permissions.can_see_confidential_notes(user, engagement)
        assert not permissions.can_edit_engagement(user, engagement)


def test_access_helper_gives_404_when_invisible_and_403_when_not_editable(
    principal_adviser, pa_profile, engagements
):
    with pytest.raises(Http404):
        permissions.get_engagement_for_user(principal_adviser, engagements["leeds"].pk)
    with pytest.raises(PermissionDenied):
        permissions.get_engagement_for_user(principal_adviser, engagements["camden"].pk, edit=True)
    assert permissions.get_engagement_for_user(principal_adviser, engagements["camden"].pk)


def test_support_requests_are_managed_by_the_regions_principal_adviser(
    principal_adviser, improvement_adviser, cia_profile, leeds_pa, camden
):
    from tests.factories.advisers import SupportRequestFactory

    request = SupportRequestFactory(council=camden, routed_to=principal_adviser)

    assert permissions.can_manage_support_request(principal_adviser, request)
    assert not permissions.can_manage_support_request(leeds_pa.user, request)
    assert not permissions.can_manage_support_request(improvement_adviser, request)
    assert request in permissions.visible_support_requests(improvement_adviser)
    assert request not in permissions.visible_support_requests(leeds_pa.user)
