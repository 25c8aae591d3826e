"""The engagement pages: who gets in, what they see, and that notes never leak."""

from __future__ import annotations

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from advisers.models import Engagement
from tests.factories.advisers import EngagementFactory

pytestmark = pytest.mark.django_db

SECRETS = ("SECRET-CAMDEN", "SECRET-ISLINGTON", "SECRET-LEEDS")


def export_rows(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def urls_for(engagement: Engagement) -> list[str]:
    return [
        reverse("advisers:engagement-list"),
        reverse("advisers:engagement-create"),
        reverse("advisers:engagement-export"),
        reverse("advisers:engagement-detail", args=[engagement.pk]),
        reverse("advisers:engagement-edit", args=[engagement.pk]),
    ]


@pytest.mark.parametrize("persona", ["associate", "councillor"])
def test_associates_and_councillors_get_403_on_every_engagement_url(
    request, login, persona, engagements
):
    client = login(request.getfixturevalue(persona))
    for url in urls_for(engagements["camden"]):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("advisers:engagement-create"), {}).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, engagements):
    response = client.get(reverse("advisers:engagement-list"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("persona", "readable", "hidden"),
    [
        ("programme_manager", ["camden", "islington", "leeds"], []),
        ("principal_adviser", ["camden", "islington"], ["leeds"]),
        ("improvement_adviser", ["camden"], ["islington", "leeds"]),
    ],
)
def test_detail_pages_follow_the_read_rules(
    request, login, persona, readable, hidden, engagements, pa_profile, cia_profile
):
    client = login(request.getfixturevalue(persona))
    for name in readable:
        url = reverse("advisers:engagement-detail", args=[engagements[name].pk])
        assert client.get(url).status_code == 200, name
    for name in hidden:
        url = reverse("advisers:engagement-detail", args=[engagements[name].pk])
        assert client.get(url).status_code == 404, name


@pytest.mark.parametrize("persona", ["principal_adviser", "improvement_adviser"])
def test_advisers_cannot_edit_someone_elses_engagement_they_can_read(
    request, login, persona, engagements, pa_profile, cia_profile
):
    client = login(request.getfixturevalue(persona))
    url = reverse("advisers:engagement-edit", args=[engagements["camden"].pk])

    assert client.get(url).status_code == 403
    assert client.post(url, {"days": "5"}).status_code == 403
    engagements["camden"].refresh_from_db()
    assert engagements["camden"].days == Decimal("1.5")


def test_list_shows_only_what_the_cia_may_read(
    login, improvement_adviser, cia_profile, engagements
):
    response = login(improvement_adviser).get(reverse("advisers:engagement-list"))

    rows = response.context["page"].object_list
    assert [e.council.name for e in rows] == ["Camden"]
    assert "Workshop in Islington" not in response.content.decode()


def test_confidential_notes_never_appear_in_the_list(login, programme_manager, engagements):
    content = login(programme_manager).get(reverse("advisers:engagement-list")).content.decode()

    assert not any(secret in content for secret in SECRETS)


@pytest.mark.parametrize(
    ("persona", "shown"),
    [
        ("programme_manager", True),
        ("principal_adviser", True),  # the PA of the council's region
        ("improvement_adviser", False),  # assigned to Camden, but not the author
    ],
)
def test_detail_shows_confidential_notes_only_to_those_allowed(
    request, login, persona, shown, engagements, pa_profile, cia_profile
):
    client = login(request.getfixturevalue(persona))
    url = reverse("advisers:engagement-detail", args=[engagements["camden"].pk])

    content = client.get(url).content.decode()

    assert ("SECRET-CAMDEN" in content) is shown
    assert ('id="confidential-notes"' in content) is shown


def test_the_author_sees_their_own_notes(login, other_cia, engagements):
    url = reverse("advisers:engagement-detail", args=[engagements["islington"].pk])

    assert "SECRET-ISLINGTON" in login(other_cia.user).get(url).content.decode()


def test_export_gives_notes_to_the_programme_manager(login, programme_manager, engagements):
    rows = export_rows(login(programme_manager).get(reverse("advisers:engagement-export")))

    assert rows[0][-1] == "Confidential notes"
    assert {row[-1] for row in rows[1:]} == {
        "SECRET-CAMDEN: the DCS is leaving.",
        "SECRET-ISLINGTON: budget gap.",
        "SECRET-LEEDS: political tension.",
    }


def test_export_for_a_cia_holds_no_one_elses_notes(
    login, improvement_adviser, cia_profile, engagements
):
    response = login(improvement_adviser).get(reverse("advisers:engagement-export"))
    rows = export_rows(response)

    assert [row[2] for row in rows[1:]] == ["Camden"]
    assert not any(secret in cell for row in rows for cell in row for secret in SECRETS)


def test_export_for_a_principal_adviser_holds_their_regions_notes_only(
    login, principal_adviser, pa_profile, engagements
):
    rows = export_rows(login(principal_adviser).get(reverse("advisers:engagement-export")))
    text = "\n".join(",".join(row) for row in rows)

    assert "SECRET-CAMDEN" in text and "SECRET-ISLINGTON" in text
    assert "SECRET-LEEDS" not in text and "Leeds" not in text


def test_export_streams_every_row_of_the_current_filter(
    login, programme_manager, other_cia, camden, islington
):
    EngagementFactory.create_batch(130, council=camden, adviser=other_cia)
    EngagementFactory.create_batch(70, council=islington, adviser=other_cia)
    client = login(programme_manager)

    everything = export_rows(client.get(reverse("advisers:engagement-export")))
    camden_only = export_rows(
        client.get(reverse("advisers:engagement-export"), {"council": camden.pk})
    )

    assert len(everything) == 1 + 200
    assert len(camden_only) == 1 + 130


def test_export_defuses_spreadsheet_formulas(login, programme_manager, other_cia, camden):
    EngagementFactory(
        council=camden,
        adviser=other_cia,
        summary='=HYPERLINK("http://evil.example","click")',
        confidential_notes="@SUM(A1:A2)",
    )

    rows = export_rows(login(programme_manager).get(reverse("advisers:engagement-export")))

    assert rows[1][11] == '\'=HYPERLINK("http://evil.example","click")'
    assert rows[1][-1] == "'@SUM(A1:A2)"


def test_list_runs_the_same_number_of_queries_for_more_rows(
    login, programme_manager, other_cia, camden, islington
):
    client = login(programme_manager)
    url = reverse("advisers:engagement-list")
    EngagementFactory.create_batch(3, council=camden, adviser=other_cia)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"strand": "intensive"}).status_code == 200
    EngagementFactory.create_batch(60, council=islington, adviser=other_cia)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url, {"strand": "intensive"}).status_code == 200

    assert len(few) == len(many)
    assert len(many) <= 12


def test_list_filters_and_totals_the_days(login, programme_manager, engagements):
    client = login(programme_manager)

    response = client.get(
        reverse("advisers:engagement-list"), {"region": engagements["camden"].council.region_id}
    )

    assert response.context["totals"] == {"count": 2, "days": Decimal("3.5")}
    assert "3.5 days" in response.content.decode()
    lead = client.get(reverse("advisers:engagement-list"), {"strand": "lead_member"})
    assert [e.council.name for e in lead.context["page"].object_list] == ["Leeds"]
    dated = client.get(
        reverse("advisers:engagement-list"), {"date_from": "2025-02-11", "date_to": "2025-02-11"}
    )
    assert dated.context["totals"]["count"] == 1


def test_list_is_paginated(login, programme_manager, other_cia, camden):
    EngagementFactory.create_batch(55, council=camden, adviser=other_cia)
    client = login(programme_manager)

    first = client.get(reverse("advisers:engagement-list"))
    second = client.get(reverse("advisers:engagement-list"), {"page": 2})

    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 5
    assert first.context["totals"]["count"] == 55


def test_a_principal_adviser_logs_an_engagement(login, principal_adviser, camden):
    response = login(principal_adviser).post(
        reverse("advisers:engagement-create"),
        {
            "council": camden.pk,
            "date": "2025-03-03",
            "confirm_date": "2025-03-03",
            "days": "1.5",
            "strand": "lead_member",
            "activity": "advice_lead_member",
            "funding": "free",
            "summary": "Briefed the new lead member.",
            "confidential_notes": "Worried about capacity.",
        },
    )

    engagement = Engagement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == engagement.get_absolute_url()
    assert engagement.adviser.user == principal_adviser
    assert engagement.created_by == principal_adviser
    assert engagement.days == Decimal("1.5")


def test_nothing_is_lost_when_the_form_has_an_error(login, principal_adviser, camden):
    response = login(principal_adviser).post(
        reverse("advisers:engagement-create"),
        {
            "council": camden.pk,
            "date": "2025-03-03",
            "confirm_date": "2025-03-03",
            "days": "7",
            "strand": "intensive",
            "activity": "workshop",
            "funding": "subsidised",
            "summary": "A workshop on the front door.",
            "follow_up_on": "2025-04-01",
            "confidential_notes": "Keep this.",
        },
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert Engagement.objects.count() == 0
    assert "There is a problem" in content
    assert 'href="#id_days"' in content
    assert "The number of days must be 5 or fewer" in content
    assert "A workshop on the front door." in content
    assert "Keep this." in content
    assert 'name="follow_up_on_day" value="1"' in content
    assert 'name="follow_up_on_month" value="4"' in content
    assert f'value="{camden.pk}" selected' in content
    assert re.search(r'value="subsidised"[^>]*checked', content)


def test_the_form_is_prefilled_with_today_and_a_council_from_the_council_page(
    login, improvement_adviser, camden
):
    response = login(improvement_adviser).get(
        reverse("advisers:engagement-create"), {"council": camden.pk}
    )

    form = response.context["form"]
    assert form.initial["council"] == str(camden.pk)
    assert form.initial["date"] == datetime.date.today()


def test_a_programme_manager_logs_for_an_adviser(login, programme_manager, other_cia, camden):
    login(programme_manager).post(
        reverse("advisers:engagement-create"),
        {
            "council": camden.pk,
            "adviser": other_cia.pk,
            "date": "2025-03-03",
            "confirm_date": "2025-03-03",
            "days": "1",
            "strand": "intensive",
            "activity": "review",
            "funding": "whole_cost",
            "summary": "Case file review.",
        },
    )

    engagement = Engagement.objects.get()
    assert engagement.adviser == other_cia
    assert engagement.created_by == programme_manager


def test_changes_are_kept_and_shown_with_who_made_them(
    login, other_cia, principal_adviser, pa_profile, camden
):
    client = login(other_cia.user)
    client.post(
        reverse("advisers:engagement-create"),
        {
            "council": camden.pk,
            "date": "2025-03-03",
            "confirm_date": "2025-03-03",
            "days": "1",
            "strand": "intensive",
            "activity": "review",
            "funding": "free",
            "summary": "First look.",
            "confidential_notes": "Initial worry.",
        },
    )
    engagement = Engagement.objects.get()
    response = client.post(
        reverse("advisers:engagement-edit", args=[engagement.pk]),
        {
            "council": camden.pk,
            "date": "2025-03-03",
            "confirm_date": "2025-03-03",
            "days": "2.5",
            "strand": "intensive",
            "activity": "diagnostic",
            "funding": "free",
            "summary": "First look.",
            "confidential_notes": "Worry confirmed.",
        },
    )
    assert response.status_code == 302

    history = client.get(engagement.get_absolute_url()).context["history"]
    assert [entry["action"] for entry in history] == ["Changed", "Created"]
    assert history[0]["actor"] == "Olu Other"
    changes = {c["field"]: (c["old"], c["new"]) for c in history[0]["changes"]}
    assert changes["Days"] == ("1.0", "2.5")
    assert changes["Activity"] == ("Review", "Diagnostic")
    assert changes["Confidential notes"] == ("Initial worry.", "Worry confirmed.")

    cia_view = login(principal_adviser).get(engagement.get_absolute_url())
    assert "Worry confirmed." in cia_view.content.decode()


def test_history_hides_note_changes_from_those_who_may_not_see_notes(
    login, other_cia, improvement_adviser, cia_profile, camden
):
    engagement = EngagementFactory(council=camden, adviser=other_cia, confidential_notes="")
    from advisers import services

    services.update_engagement(
        engagement=engagement,
        data={"confidential_notes": "SECRET-CHANGE", "summary": "Updated summary."},
        actor=other_cia.user,
    )

    content = login(improvement_adviser).get(engagement.get_absolute_url()).content.decode()

    assert "Updated summary." in content
    assert "SECRET-CHANGE" not in content
    assert "(hidden)" in content


def test_editing_without_changes_writes_no_history(login, other_cia, camden):
    engagement = EngagementFactory(council=camden, adviser=other_cia)
    from auditlog.models import LogEntry

    from advisers import services

    before = LogEntry.objects.get_for_object(engagement).count()
    services.update_engagement(engagement=engagement, data={}, actor=other_cia.user)

    assert LogEntry.objects.get_for_object(engagement).count() == before


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_list_sorts_by_council_and_keeps_the_sort_across_pages_and_in_the_csv(
    login, programme_manager, other_cia, camden, islington, leeds
):
    from advisers.views.engagements import PAGE_SIZE

    for _ in range(PAGE_SIZE):
        EngagementFactory(council=islington, adviser=other_cia, date=datetime.date(2025, 1, 2))
    EngagementFactory(council=leeds, adviser=other_cia, date=datetime.date(2025, 1, 1))
    EngagementFactory(council=camden, adviser=other_cia, date=datetime.date(2024, 1, 1))
    client = login(programme_manager)
    list_url = reverse("advisers:engagement-list")

    first = client.get(list_url, {"sort": "council"})
    names = [e.council.name for e in first.context["page"].object_list]
    assert names[0] == "Camden" and set(names[1:]) == {"Islington"}
    assert 'aria-sort="ascending"' in first.text
    assert "?sort=council&amp;page=2" in first.text
    second = client.get(list_url, {"sort": "council", "page": 2})
    assert [e.council.name for e in second.context["page"].object_list] == ["Islington", "Leeds"]
    assert 'href="/engagements/export.csv?sort=council"' in second.text
    assert "?sort=-council" in second.text  # the header now offers the other way

    rows = _csv_rows(client.get(reverse("advisers:engagement-export"), {"sort": "-council"}))
    assert [row[2] for row in rows[1:3]] == ["Leeds", "Islington"] and rows[-1][2] == "Camden"
    unsorted = _csv_rows(client.get(reverse("advisers:engagement-export")))
    assert unsorted[1][2] == "Camden"  # without a sort, oldest first as before


def test_the_list_sorts_by_days_and_adviser_and_refuses_an_unknown_sort(
    login, programme_manager, other_cia, pa_profile, camden
):
    EngagementFactory(council=camden, adviser=other_cia, days=Decimal("2.5"))
    EngagementFactory(council=camden, adviser=pa_profile, days=Decimal("0.5"))
    client = login(programme_manager)
    list_url = reverse("advisers:engagement-list")

    by_days = client.get(list_url, {"sort": "-days"}).context["page"].object_list
    by_adviser = client.get(list_url, {"sort": "adviser"}).context["page"].object_list
    unknown = client.get(list_url, {"sort": "summary"})

    assert [e.days for e in by_days] == [Decimal("2.5"), Decimal("0.5")]
    assert [str(e.adviser) for e in by_adviser] == ["Olu Other", "Priya Adviser"]
    assert unknown.status_code == 200


def test_an_improvement_advisers_filters_list_only_what_they_can_read(
    login, improvement_adviser, cia_profile, other_cia, pa_profile, camden, islington, leeds
):
    EngagementFactory(council=camden, adviser=other_cia)
    EngagementFactory(council=islington, adviser=pa_profile)
    EngagementFactory(council=leeds, adviser=cia_profile)

    form = login(improvement_adviser).get(reverse("advisers:engagement-list")).context["form"]

    councils = {c.name for c in form.fields["council"].queryset}
    advisers = {str(a) for a in form.fields["adviser"].queryset}
    assert councils == {"Camden", "Leeds"}
    assert advisers == {"Olu Other", "Chris Improvement"}


def test_an_old_date_is_questioned_once_on_the_page_then_saved(login, principal_adviser, camden):
    data = {
        "council": camden.pk,
        "date_day": "3",
        "date_month": "3",
        "date_year": "2020",
        "days": "1",
        "strand": "intensive",
        "activity": "workshop",
        "funding": "free",
        "summary": "An old workshop.",
    }
    client = login(principal_adviser)

    asked = client.post(reverse("advisers:engagement-create"), data)

    assert "Is this date right? 3 March 2020 is more than a year ago" in asked.text
    assert '<input type="hidden" name="confirm_date" value="2020-03-03">' in asked.text
    assert Engagement.objects.count() == 0
    saved = client.post(
        reverse("advisers:engagement-create"), {**data, "confirm_date": "2020-03-03"}
    )
    assert saved.status_code == 302
    assert Engagement.objects.get().date == datetime.date(2020, 3, 3)
