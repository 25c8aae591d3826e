"""The councils list, a council's page and the regional summary, for every role."""

from __future__ import annotations

import datetime
import re
import types

import pytest
import time_machine
from django.urls import reverse

from accounts import context_processors
from councils import sections, services
from councils.models import Council, OfstedInspection
from tests.conftest import PERSONAS
from tests.factories.councils import InspectionFactory

pytestmark = pytest.mark.django_db

D = datetime.date
LIST = reverse("councils:list")
TODAY = datetime.datetime(2025, 6, 30, 12, tzinfo=datetime.UTC)


def names(response) -> list[str]:
    """The council names in the list's table, in order."""
    body = response.content.decode()
    return re.findall(r'<th scope="row" class="govuk-table__header"><a [^>]+>([^<]+)</a>', body)


def judge(gss_code: str, published: datetime.date, overall: int, leadership: int | None = None):
    return InspectionFactory(
        council=Council.objects.get(gss_code=gss_code),
        published_on=published,
        inspected_on=published - datetime.timedelta(days=50),
        overall_effectiveness=overall,
        leadership=overall if leadership is None else leadership,
    )


@pytest.fixture
def judged(councils):
    judge("E09000007", D(2018, 3, 1), 3)  # Camden: RI, then
    judge("E09000007", D(2022, 6, 21), 1)  # outstanding
    judge("E09000019", D(2021, 1, 1), 2, leadership=1)  # Islington: good, outstanding leaders
    judge("E08000035", D(2019, 1, 1), 4)  # Leeds: inadequate
    judge("E10000009", D(2016, 5, 23), 3)  # old Dorset, abolished 2019


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_role_may_read_the_councils_list_and_a_council(request, login, persona):
    client = login(request.getfixturevalue(persona))

    listing = client.get(LIST)
    detail = client.get(reverse("councils:detail", args=["E09000007"]))
    regions = client.get(reverse("councils:regions"))

    assert listing.status_code == detail.status_code == regions.status_code == 200
    assert "153 councils" in re.sub(r"<[^>]+>", "", listing.content.decode())


def test_anonymous_visitors_are_sent_to_log_in(client, councils):
    response = client.get(LIST)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_lists_current_councils_by_name_with_grades_as_tags_with_text(login, councillor, judged):
    with time_machine.travel(TODAY):
        response = login(councillor).get(LIST)

    body = response.content.decode()
    assert names(response)[:3] == ["Barking and Dagenham", "Barnet", "Barnsley"]
    assert "Dorset (to 2019)" not in body
    camden_row = body[body.index(">Camden<") : body.index(">Camden<") + 700]
    assert '<strong class="govuk-tag govuk-tag--green">Outstanding</strong>' in camden_row
    assert "21 June 2022" in camden_row
    assert "Open Government Licence" in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("overall=1", ["Camden"]),
        ("overall=4", ["Leeds"]),
        ("leadership=1", ["Camden", "Islington"]),
        ("overall=2&region=london", ["Islington"]),
        ("kind=metropolitan&overall=4", ["Leeds"]),
        ("q=isling", ["Islington"]),
        ("q=E08000035", ["Leeds"]),
        ("q=dorset&status=all", ["Dorset", "Dorset (to 2019)"]),
        ("q=dorset&status=all&overall=3", ["Dorset (to 2019)"]),
        (
            "status=former",
            ["Bournemouth (to 2019)", "Cumbria (to 2023)", "Dorset (to 2019)"]
            + ["Northamptonshire (to 2021)", "Poole (to 2019)"],
        ),
    ],
)
def test_filters_and_search(login, councillor, judged, query, expected):
    response = login(councillor).get(f"{LIST}?{query}")

    assert names(response) == expected


def test_not_yet_judged_lists_councils_without_a_judgement(login, councillor, judged):
    response = login(councillor).get(f"{LIST}?overall=none&q=camden")
    everyone = login(councillor).get(f"{LIST}?overall=none")

    assert names(response) == []
    assert "150 councils match these filters" in re.sub(r"<[^>]+>", "", everyone.content.decode())


def test_a_judgement_published_later_than_today_does_not_count_yet(login, councillor, judged):
    judge("E09000007", D(2025, 9, 1), 4)

    with time_machine.travel(TODAY):
        response = login(councillor).get(f"{LIST}?overall=1")

    assert names(response) == ["Camden"]


def test_sorting_by_grade_puts_the_best_first_and_unjudged_last(login, councillor, judged):
    client = login(councillor)

    best_first = names(client.get(f"{LIST}?sort=overall"))
    worst_first = names(client.get(f"{LIST}?sort=-overall"))

    assert best_first[:3] == ["Camden", "Islington", "Leeds"]
    assert worst_first[:3] == ["Leeds", "Islington", "Camden"]
    assert best_first[3] == worst_first[3] == "Barking and Dagenham"


def test_sort_headers_say_which_way_they_sort(login, councillor, judged):
    body = login(councillor).get(f"{LIST}?sort=-name&region=london").content.decode()

    assert (
        'aria-sort="descending"><a class="govuk-link" href="?sort=name&amp;region=london"' in body
    )
    assert names(login(councillor).get(f"{LIST}?sort=-name&region=london"))[0] == "Westminster"


def test_an_unknown_choice_is_explained(login, councillor, councils):
    response = login(councillor).get(f"{LIST}?overall=7")

    assert "Choose one of the options in the list" in response.content.decode()


def test_the_list_is_paginated(login, councillor, councils):
    first = login(councillor).get(LIST)
    last = login(councillor).get(f"{LIST}?page=4")

    assert len(names(first)) == 50
    assert len(names(last)) == 3
    assert 'aria-label="Page 4"' in first.content.decode()


def test_supported_in_the_last_12_months_uses_engagements(login, councillor, judged):
    advisers = pytest.importorskip("tests.factories.advisers")
    camden = Council.objects.get(gss_code="E09000007")
    leeds = Council.objects.get(gss_code="E08000035")
    advisers.EngagementFactory(council=camden, date=D(2025, 3, 3))
    advisers.EngagementFactory(council=leeds, date=D(2023, 3, 3))

    with time_machine.travel(TODAY):
        supported = login(councillor).get(f"{LIST}?supported=yes")
        not_supported = login(councillor).get(f"{LIST}?supported=no&q=leeds")

    assert names(supported) == ["Camden"]
    assert names(not_supported) == ["Leeds"]


def test_the_list_runs_the_same_number_of_queries_whatever_the_history(
    login, councillor, councils, django_assert_num_queries
):
    client = login(councillor)
    judge("E09000007", D(2022, 6, 21), 1)
    # session and user; count; regions for the filter; one page of councils with their grades;
    # the newest Ofsted publication date; the header's count of unread notifications
    with django_assert_num_queries(7):
        client.get(f"{LIST}?sort=-overall&status=all")

    services.import_ofsted_directory()
    for council in Council.objects.all():
        for year in range(2010, 2020):
            InspectionFactory(council=council, published_on=D(year, 2, 1), overall_effectiveness=3)
    assert OfstedInspection.objects.count() > 2000

    with django_assert_num_queries(7):
        client.get(f"{LIST}?sort=-overall&status=all")


def test_a_councils_page_shows_its_history_with_each_judgements_move(
    login, principal_adviser, judged
):
    with time_machine.travel(TODAY):
        response = login(principal_adviser).get(reverse("councils:detail", args=["E09000007"]))

    body = re.sub(r"\s+", " ", response.content.decode())
    assert '<h1 class="govuk-heading-xl">Camden</h1>' in body
    assert "E09000007" in body and "London borough" in body
    assert body.index("21 June 2022") < body.index("1 March 2018")
    assert "First judgement" in body and "Improved" in body
    last = body[body.index('id="last-full-inspection"') :][:200]
    assert "report published 21 June 2022 (3 years ago)" in last
    assert "Open Government Licence" in body


def test_visits_appear_in_the_history_without_judgements(login, councillor, councils):
    InspectionFactory(
        council=Council.objects.get(gss_code="E09000007"),
        kind=OfstedInspection.Kind.FOCUSED_VISIT,
        published_on=D(2024, 5, 1),
        overall_effectiveness=None,
        leadership=None,
        help_and_protection=None,
        children_in_care=None,
        visit_theme="Front door",
    )

    body = login(councillor).get(reverse("councils:detail", args=["E09000007"])).content.decode()

    assert "Focused visit" in body and "Theme: Front door" in body
    assert "No judgements: visits report findings only" in body


def test_a_former_councils_page_links_its_successors_and_theirs_link_back(
    login, councillor, judged
):
    client = login(councillor)

    old = client.get(reverse("councils:detail", args=["E10000009"])).content.decode()
    new = client.get(reverse("councils:detail", args=["E06000059"])).content.decode()

    assert "it was abolished on 31 March 2019" in old
    assert 'href="/councils/E06000059/">Dorset</a>' in old
    assert 'href="/councils/E06000058/">Bournemouth, Christchurch and Poole</a>' in old
    assert old.index("Bournemouth, Christchurch and Poole</a>") < old.index(">Dorset</a>")
    assert "Took over from" in new and 'href="/councils/E10000009/">Dorset (to 2019)</a>' in new
    assert "The portal has no Ofsted inspections of Dorset" in new


def test_an_earlier_code_redirects_to_the_council_and_an_unknown_one_is_not_found(
    login, councillor, councils
):
    client = login(councillor)

    moved = client.get(reverse("councils:detail", args=["E08000016"]))
    missing = client.get(reverse("councils:detail", args=["E99999999"]))

    assert moved.status_code == 301 and moved["Location"] == "/councils/E08000038/"
    assert missing.status_code == 404


def test_other_areas_add_sections_to_a_councils_page(login, councillor, camden, monkeypatch):
    calls = []

    def fake_sections(user, council):
        calls.append((user, council))
        return [{"title": "Example area", "template": "councils/fragment_ofsted_credit.html"}]

    module = types.ModuleType("example_area.council_sections")
    module.sections = fake_sections
    # An app that defines the module, as the app registry would find it.
    monkeypatch.setattr(sections.discovery, "app_modules", lambda name: [("example_area", module)])

    body = login(councillor).get(reverse("councils:detail", args=["E09000007"])).content.decode()

    assert calls == [(councillor, camden)]
    assert '<h2 class="govuk-heading-l" id="section-example_area-0">Example area</h2>' in body


def test_a_councils_page_builds_its_navigation_once_however_many_sections_it_has(
    login, councillor, camden, monkeypatch
):
    built = []
    real = context_processors.navigation_for

    def counting(user, path):
        built.append(path)
        return real(user, path)

    def two_sections(user, council):
        credit = "councils/fragment_ofsted_credit.html"
        return [{"title": "First", "template": credit}, {"title": "Second", "template": credit}]

    module = types.ModuleType("example_area.council_sections")
    module.sections = two_sections
    monkeypatch.setattr(sections.discovery, "app_modules", lambda name: [("example_area", module)])
    monkeypatch.setattr(context_processors, "navigation_for", counting)

    body = login(councillor).get(reverse("councils:detail", args=["E09000007"])).content.decode()

    assert 'id="section-example_area-1">Second</h2>' in body
    assert built == ["/councils/E09000007/"]


def test_engagements_show_on_a_councils_page_only_to_roles_that_may_read_them(
    login, programme_manager, councillor, camden
):
    advisers = pytest.importorskip("tests.factories.advisers")
    advisers.EngagementFactory(council=camden, summary="Met the director.")
    url = reverse("councils:detail", args=["E09000007"])

    for_manager = login(programme_manager).get(url).content.decode()
    for_councillor = login(councillor).get(url).content.decode()

    assert "Adviser engagements" in for_manager
    assert "Adviser engagements" not in for_councillor


def test_the_regional_summary_counts_councils_existing_on_the_date(login, councillor, judged):
    url = reverse("councils:regions")

    in_2018 = login(councillor).get(f"{url}?on=2018-06-01")
    in_2020 = login(councillor).get(f"{url}?on=2020-06-01")

    summary_2018 = in_2018.context["summary"]
    london_2018 = next(r for r in summary_2018["rows"] if r["region"].code == "E12000007")
    south_west_2018 = next(r for r in summary_2018["rows"] if r["region"].code == "E12000009")
    south_west_2020 = next(
        r for r in in_2020.context["summary"]["rows"] if r["region"].code == "E12000009"
    )
    assert london_2018["counts"] == [0, 0, 1, 0, 32] and london_2018["total"] == 33
    assert south_west_2018["counts"][2] == 1
    assert south_west_2020["counts"][2] == 0
    assert summary_2018["total"] == 152 and in_2020.context["summary"]["total"] == 151
    assert "Councils by latest overall effectiveness on 1 June 2018" in in_2018.content.decode()


def test_the_regional_summary_explains_a_bad_date(login, councillor, councils):
    response = login(councillor).get(f"{reverse('councils:regions')}?on=2018-02-31")

    assert "Judgements as at must be a real date" in response.content.decode()


def test_the_pages_say_how_old_the_ofsted_data_is_from_its_newest_publication(
    login, councillor, programme_manager, councils
):
    judge("E09000007", D(2025, 3, 31), 2)
    judge("E09000019", D(2024, 11, 5), 3)
    with time_machine.travel(D(2025, 7, 30)):
        fresh = login(programme_manager).get(LIST).text
    assert "Ofsted outcomes published up to 31 March 2025." in fresh
    assert "Newer outcomes may be published" not in fresh

    with time_machine.travel(D(2025, 8, 1)):
        stale = login(programme_manager).get(LIST).text
    assert "Newer outcomes may be published" in stale and reverse("councils:import") in stale
    reader = login(councillor).get(LIST).text
    assert "Ofsted outcomes published up to 31 March 2025." in reader
    assert "Newer outcomes may be published" not in reader
