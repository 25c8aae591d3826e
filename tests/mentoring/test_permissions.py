"""Who sees which match, request and mentor, and who may read session notes."""

from __future__ import annotations

import pytest
from django.http import Http404

from mentoring import permissions
from mentoring.models import Match, Mentor, MentoringRequest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("programme_manager", True),
        ("mentor_user", True),
        ("councillor", True),
        ("other_councillor", False),
        ("principal_adviser", False),
        ("improvement_adviser", False),
        ("associate", False),
    ],
)
def test_session_notes_are_for_the_pair_and_programme_managers(
    request, persona, sees, active_match
):
    user = request.getfixturevalue(persona)

    assert Match.objects.visible_to(user).filter(pk=active_match.pk).exists() is sees
    assert permissions.can_read_session_notes(user, active_match) is sees


def test_an_invisible_match_is_not_found(other_councillor, active_match):
    with pytest.raises(Http404):
        permissions.get_match_for_user(other_councillor, active_match.pk)


def test_a_councillor_sees_only_their_own_requests(councillor, other_councillor, mentoring_request):
    assert list(MentoringRequest.objects.visible_to(councillor)) == [mentoring_request]
    assert not MentoringRequest.objects.visible_to(other_councillor).exists()


def test_a_mentor_may_see_but_another_councillor_may_not(
    mentor, mentor_user, other_councillor, programme_manager
):
    assert permissions.get_mentor_for_user(mentor_user, mentor.pk, edit=True) == mentor
    assert permissions.get_mentor_for_user(programme_manager, mentor.pk, edit=True) == mentor
    with pytest.raises(Http404):
        permissions.get_mentor_for_user(other_councillor, mentor.pk)
    assert not Mentor.objects.visible_to(other_councillor).exists()


def test_editing_needs_leave(mentor, mentor_user, councillor, programme_manager):
    assert permissions.can_edit_mentor(mentor_user, mentor)
    assert permissions.can_edit_mentor(programme_manager, mentor)
    assert not permissions.can_edit_mentor(councillor, mentor)


def test_another_councillors_profile_is_not_found_even_to_edit(mentor, councillor):
    with pytest.raises(Http404):
        permissions.get_mentor_for_user(councillor, mentor.pk, edit=True)
