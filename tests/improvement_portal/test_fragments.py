"""`{% cached %}`: a fragment is rendered once per data version, person, day and vary values.

A fragment served from the cache must look exactly as a fresh render would: after any write,
to anyone else, and on another day it is rendered again. Within those bounds it is rendered
once, which is the whole point.
"""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from advisers.models import Engagement
from improvement_portal import freshness
from improvement_portal.models import DataVersion
from tests.factories.accounts import UserFactory
from tests.factories.advisers import EngagementFactory

pytestmark = pytest.mark.django_db

LONDON_TIME = ZoneInfo("Europe/London")
FRAGMENT = '{% cached "counted" %}{{ counter }}{% endcached %}'


@pytest.fixture(autouse=True)
def data_version(db: None) -> DataVersion:
    """The version row, which an earlier transactional test's flush may have removed."""
    row, _ = DataVersion.objects.get_or_create(id=1, defaults={"token": "first-token"})
    return row


class Counter:
    """A value for a template that counts how often the fragment holding it is rendered."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        return f"render {self.calls}"


@pytest.fixture
def counter() -> Counter:
    return Counter()


@pytest.fixture
def person(db: None) -> User:
    return UserFactory(email="reader@example.org", full_name="Rae Reader")


def render(source: str, user: User, **context: object) -> str:
    request = RequestFactory().get("/somewhere/")
    request.user = user
    return Template(source).render(Context({"request": request, **context}))


def test_the_same_fragment_for_the_same_person_is_rendered_once(person, counter):
    first = render(FRAGMENT, person, counter=counter)
    second = render(FRAGMENT, person, counter=counter)

    assert counter.calls == 1
    assert first == second == "render 1"


def test_a_write_in_between_renders_the_fragment_again(person, counter):
    render(FRAGMENT, person, counter=counter)

    UserFactory(email="newcomer@example.org")

    assert render(FRAGMENT, person, counter=counter) == "render 2"


def test_another_person_never_gets_the_first_persons_fragment(person, counter):
    other = UserFactory(email="other@example.org")

    render(FRAGMENT, person, counter=counter)

    assert render(FRAGMENT, other, counter=counter) == "render 2"


def test_a_different_vary_value_renders_again_and_each_is_kept(person, counter):
    source = '{% cached "paged" page %}{{ counter }}{% endcached %}'

    assert render(source, person, counter=counter, page=1) == "render 1"
    assert render(source, person, counter=counter, page=2) == "render 2"
    assert render(source, person, counter=counter, page=1) == "render 1"
    assert counter.calls == 2


def test_the_next_day_renders_again(person, counter):
    """Fragments may say "today" or "overdue": at midnight they must be rendered afresh."""
    late = datetime.datetime(2025, 6, 2, 23, 30, tzinfo=LONDON_TIME)
    with time_machine.travel(late, tick=False) as traveller:
        assert render(FRAGMENT, person, counter=counter) == "render 1"

        traveller.shift(datetime.timedelta(hours=1))
        assert render(FRAGMENT, person, counter=counter) == "render 2"


@pytest.mark.parametrize(
    "source",
    [
        '{% cached "form" %}<form method="post">{% csrf_token %}</form>{% endcached %}',
        '{% cached "form" %}{% if show %}{% csrf_token %}{% endif %}{% endcached %}',
    ],
    ids=["directly", "inside-if"],
)
def test_a_fragment_holding_a_csrf_token_is_refused(source):
    """The token belongs to one browser; a cached one would break the person's other browser."""
    with pytest.raises(TemplateSyntaxError, match="csrf_token"):
        Template(source)


def test_a_csrf_token_from_an_included_template_is_never_served_to_another_browser(person):
    """An include is only known at render time; the person's second browser needs its own token."""
    source = '{% cached "with-form" %}{% include form_template %}{% endcached %}'
    form_template = Template("<form>{% csrf_token %}</form>")

    render(source, person, form_template=form_template, csrf_token="token-of-browser-one")
    second = render(source, person, form_template=form_template, csrf_token="token-of-browser-two")

    assert "token-of-browser-two" in second
    assert "token-of-browser-one" not in second


def test_nothing_is_cached_while_the_version_is_unknown(person, counter):
    DataVersion.objects.all().delete()

    render(FRAGMENT, person, counter=counter)
    render(FRAGMENT, person, counter=counter)

    assert counter.calls == 2


def test_a_fragment_rendered_inside_a_rolled_back_transaction_is_not_shown_afterwards(person):
    """What a rolled-back transaction wrote never existed: no page may show it later."""
    source = (
        '{% cached "people" %}{% for p in people %}{{ p.full_name }};{% endfor %}{% endcached %}'
    )
    people = User.objects.order_by("email")

    with transaction.atomic():
        UserFactory(email="ghost@example.org", full_name="Gus Ghost")
        assert "Gus Ghost" in render(source, person, people=people)
        transaction.set_rollback(True)

    assert not User.objects.filter(full_name="Gus Ghost").exists()
    assert "Gus Ghost" not in render(source, person, people=people)


# The engagement list, the first page to use the cache, through the test client.

ENGAGEMENTS = reverse("advisers:engagement-list")


def engagement_total(response) -> int:
    assert response.status_code == 200
    totals = re.search(
        r'id="engagement-totals">\s*<strong>(\d+)</strong>', response.content.decode()
    )
    assert totals, "no totals on the page"
    return int(totals.group(1))


def browser_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def engagement_queries(queries: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in queries if '"advisers_engagement"' in query["sql"]]


def test_a_new_engagement_shows_on_the_next_load_of_the_list(programme_manager, camden, leeds):
    """The list is served from memory until an engagement is logged, then shows it at once."""
    EngagementFactory(council=camden)
    browser = browser_for(programme_manager)
    assert engagement_total(browser.get(ENGAGEMENTS)) == 1

    with CaptureQueriesContext(connection) as queries:
        assert engagement_total(browser.get(ENGAGEMENTS)) == 1
    assert engagement_queries(queries) == [], "the second load was not served from the cache"

    logged = EngagementFactory(council=leeds)

    response = browser.get(ENGAGEMENTS)
    assert engagement_total(response) == 2
    assert logged.get_absolute_url() in response.content.decode()


def test_a_principal_adviser_never_sees_the_programme_managers_list(
    programme_manager, principal_adviser, camden, leeds
):
    """Same address, different people: the PA reads London's engagements, not Leeds's."""
    in_london = EngagementFactory(council=camden)
    in_leeds = EngagementFactory(council=leeds)
    assert set(Engagement.objects.visible_to(principal_adviser)) == {in_london}

    manager, adviser = browser_for(programme_manager), browser_for(principal_adviser)
    version = freshness.version()

    managers_page = manager.get(ENGAGEMENTS)
    advisers_page = adviser.get(ENGAGEMENTS)

    assert freshness.version() == version, "a write between the loads would hide the point"

    assert engagement_total(managers_page) == 2
    assert in_leeds.get_absolute_url() in managers_page.content.decode()
    assert engagement_total(advisers_page) == 1
    assert in_london.get_absolute_url() in advisers_page.content.decode()
    assert in_leeds.get_absolute_url() not in advisers_page.content.decode()
