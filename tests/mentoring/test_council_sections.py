"""Mentoring's section on a council's page: for programme managers only."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from mentoring.council_sections import sections
from tests.factories.mentoring import MentorFactory

pytestmark = pytest.mark.django_db


def test_programme_managers_see_the_councils_mentoring(programme_manager, camden, active_match):
    MentorFactory(user__council=camden, user__full_name="Cllr Camden Mentor")

    [section] = sections(programme_manager, camden)
    html = render_to_string(section["template"], {**section["context"], "council": camden})

    assert section["title"] == "Councillor mentoring"
    assert "Cllr Casey Jones" in html
    assert "Cllr Morgan Mentor, Leeds" in html
    assert "Cllr Camden Mentor" in html


@pytest.mark.parametrize(
    "persona", ["councillor", "principal_adviser", "improvement_adviser", "associate"]
)
def test_nobody_else_sees_who_is_being_mentored(request, persona, camden, active_match):
    assert sections(request.getfixturevalue(persona), camden) == []
