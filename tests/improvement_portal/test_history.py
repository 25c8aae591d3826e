"""Audit history in words: labels as the pages name fields, values as people read them."""

from __future__ import annotations

import pytest

from advisers import services as adviser_services
from courses import services as course_services
from improvement_portal.history import record_history
from tests.factories.advisers import EngagementFactory
from tests.factories.courses import BookingFactory, PastSessionFactory

pytestmark = pytest.mark.django_db


def _lines(history) -> list[str]:
    return [
        f"{change['field']}: {change['old']} → {change['new']}" for change in history[0]["changes"]
    ]


def test_a_boolean_reads_no_to_yes_under_the_fields_own_name(login, principal_adviser, camden):
    pa = adviser_services.ensure_adviser_profile(user=principal_adviser)
    engagement = EngagementFactory(council=camden, adviser=pa, commissioned_by_dfe=False)
    adviser_services.update_engagement(
        engagement=engagement, data={"commissioned_by_dfe": True}, actor=principal_adviser
    )

    page = login(principal_adviser).get(engagement.get_absolute_url()).text

    assert "Commissioned by the DfE: no → yes" in page
    assert "commissioned_by_dfe" not in page


def test_choices_people_and_dates_are_named_not_keyed(programme_manager, councillor):
    booking = BookingFactory(session=PastSessionFactory(), person=councillor)
    course_services.mark_attendance(booking=booking, attended=True, actor=programme_manager)

    history = record_history(booking)

    assert history[0]["actor"] == "Pat Manager"
    assert history[0]["action"] == "Changed"
    assert "Status: Place confirmed → Attended" in _lines(history)
    created = {change["field"]: change["new"] for change in history[-1]["changes"]}
    assert created["Person"] == "Cllr Casey Jones"
    assert not any(field.endswith("_id") or "_" in field for field in created)
