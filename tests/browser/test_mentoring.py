"""A councillor asks for a mentor, a programme manager proposes the top suggestion, and the
mentor accepts: three people, one browser, each page checked with axe-core."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from councils.models import Council
from mentoring.models import Match
from tests.browser.support import assert_accessible, log_in, screenshot
from tests.factories.accounts import UserFactory
from tests.factories.mentoring import MentorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_councillor_is_matched_with_the_top_suggested_mentor(
    page, live_server, councillor, programme_manager
):
    leeds = Council.objects.get(gss_code="E08000035")
    mentor_user = UserFactory(
        email="mentor@example.org",
        full_name="Cllr Morgan Mentor",
        role=Role.COUNCILLOR,
        council=leeds,
        region=leeds.region,
    )
    best = MentorFactory(user=mentor_user, political_group="labour", experience=["led_improvement"])
    MentorFactory(political_group="green", user__full_name="Cllr Second Choice")

    # The councillor asks, one question per page.
    log_in(page, live_server.url, councillor.email)
    page.goto(f"{live_server.url}/mentoring/")
    page.get_by_role("button", name="Ask for a mentor").click()
    page.get_by_label("Mentoring over a defined period").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Labour").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("I do not mind").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("What you would like help with").fill("Preparing for our monitoring visit.")
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Check your answers")
    assert_accessible(page)
    page.get_by_role("button", name="Send request").click()
    assert page.get_by_role("heading", name="Mentoring request sent").is_visible()
    assert_accessible(page)

    # A programme manager proposes the top suggestion.
    page.context.clear_cookies()
    log_in(page, live_server.url, programme_manager.email)
    page.goto(f"{live_server.url}/mentoring/board/")
    assert_accessible(page)
    page.get_by_role("link", name="Cllr Casey Jones").click()
    first_row = page.locator("table", has_text="Suggestions for").locator("tbody tr").first
    assert "Cllr Morgan Mentor" in first_row.inner_text()
    assert "Same political group" in first_row.inner_text()
    screenshot(page, "mentoring-suggestions")
    assert_accessible(page)
    first_row.get_by_role("button", name="Propose").click()
    assert "has been asked to mentor" in page.locator(".govuk-notification-banner").inner_text()

    # The mentor accepts.
    page.context.clear_cookies()
    log_in(page, live_server.url, mentor_user.email)
    page.goto(f"{live_server.url}/mentoring/")
    assert page.get_by_role("heading", level=1).inner_text() == "My mentees"
    page.get_by_role("link", name="Cllr Casey Jones, Camden").click()
    assert_accessible(page)
    page.get_by_role("button", name="Accept").click()

    assert (
        "You have accepted this mentee." in page.locator(".govuk-notification-banner").inner_text()
    )
    assert Match.objects.get().status == Match.Status.ACCEPTED
    assert Match.objects.get().mentor == best
    assert_accessible(page)
