"""`{% cached %}`: a fragment is rendered once per data version, person, five minutes and vary
values.

A fragment served from the cache must look exactly as a fresh render would: after any write,
to anyone else, and five minutes later it is rendered again. Within those bounds it is
rendered once, which is the whole point.

Nothing is cached inside a transaction that has written and not committed, and an ordinary
test runs inside one: so the people these tests render for are built, not saved, and the
tests whose point is a committed write run as transactional tests, which commit.
"""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from advisers.models import Engagement
from improvement_portal import freshness
from improvement_portal.freshness import CLOCK_STEP_SECONDS
from improvement_portal.models import DataVersion
from tests.factories.accounts import UserFactory
from tests.factories.advisers import EngagementFactory

pytestmark = pytest.mark.django_db
committed = pytest.mark.django_db(transaction=True)

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
def person() -> User:
    """Built, not saved: saving would be a write, after which this test's transaction caches
    nothing. The fragment only needs the person's id."""
    return UserFactory.build(id=1_000_001, email="reader@example.org", full_name="Rae Reader")


@pytest.fixture
def other() -> User:
    return UserFactory.build(id=1_000_002, email="other@example.org", full_name="Oli Other")


@pytest.fixture
def caching(data_version: DataVersion) -> None:
    """Fails the test's premise, not its point, if nothing could be cached at all."""
    assert freshness.version() is not None, "a write before the render turned caching off"


def render(source: str, user: User, method: str = "get", **context: object) -> str:
    request = getattr(RequestFactory(), method)("/somewhere/")
    request.user = user
    return Template(source).render(Context({"request": request, **context}))


def test_the_same_fragment_for_the_same_person_is_rendered_once(caching, person, counter):
    first = render(FRAGMENT, person, counter=counter)
    second = render(FRAGMENT, person, counter=counter)

    assert counter.calls == 1
    assert first == second == "render 1"


def test_another_person_never_gets_the_first_persons_fragment(caching, person, other, counter):
    assert render(FRAGMENT, person, counter=counter) == "render 1"
    assert render(FRAGMENT, person, counter=counter) == "render 1"

    assert render(FRAGMENT, other, counter=counter) == "render 2"
    assert render(FRAGMENT, person, counter=counter) == "render 1"


def test_a_different_vary_value_renders_again_and_each_is_kept(caching, person, counter):
    source = '{% cached "paged" page %}{{ counter }}{% endcached %}'

    assert render(source, person, counter=counter, page=1) == "render 1"
    assert render(source, person, counter=counter, page=2) == "render 2"
    assert render(source, person, counter=counter, page=1) == "render 1"
    assert render(source, person, counter=counter, page=2) == "render 2"
    assert counter.calls == 2


def test_the_next_five_minutes_render_again(caching, person, counter):
    """Fragments may say "upcoming" or "overdue": they are at most five minutes behind the clock."""
    step_start = datetime.datetime(2025, 6, 2, 9, 0, tzinfo=datetime.UTC)
    assert step_start.timestamp() % CLOCK_STEP_SECONDS == 0
    with time_machine.travel(step_start, tick=False) as traveller:
        assert render(FRAGMENT, person, counter=counter) == "render 1"

        traveller.shift(datetime.timedelta(seconds=CLOCK_STEP_SECONDS - 1))
        assert render(FRAGMENT, person, counter=counter) == "render 1"

        traveller.shift(datetime.timedelta(seconds=1))
        assert render(FRAGMENT, person, counter=counter) == "render 2"
        assert render(FRAGMENT, person, counter=counter) == "render 2"


@pytest.mark.parametrize(
    "source",
    [
        '{% cached "form" %}<form method="post">{% csrf_token %}</form>{% endcached %}',
        '{% cached "form" %}{% if show %}{% csrf_token %}{% endif %}{% endcached %}',
        '{% cached "script" %}<meta name="csrf" content="{{ csrf_token }}">{% endcached %}',
    ],
    ids=["directly", "inside-if", "as-a-variable"],
)
def test_a_fragment_holding_a_csrf_token_is_refused(source):
    """The token belongs to one browser; a cached one would break the person's other browser."""
    with pytest.raises(TemplateSyntaxError, match="CSRF token"):
        Template(source)


def test_a_csrf_token_from_an_included_template_is_never_served_to_another_browser(
    caching, person, counter
):
    """An include is only known at render time; the person's second browser needs its own token."""
    source = '{% cached "with-form" %}{{ counter }}{% include form_template %}{% endcached %}'
    form_template = Template("<form>{% csrf_token %}</form>")

    first = render(source, person, counter=counter, form_template=form_template, csrf_token="one")
    second = render(source, person, counter=counter, form_template=form_template, csrf_token="two")

    assert 'value="one"' in first
    assert 'value="two"' in second
    assert 'value="one"' not in second
    assert counter.calls == 2


def test_nothing_is_cached_while_the_version_is_unknown(person, counter):
    DataVersion.objects.all().delete()
    assert freshness.version() is None

    render(FRAGMENT, person, counter=counter)
    render(FRAGMENT, person, counter=counter)

    assert counter.calls == 2


def test_nothing_is_cached_once_the_transaction_has_written(caching, person, counter):
    """Until it commits, what the transaction reads may still be rolled back."""
    assert render(FRAGMENT, person, counter=counter) == "render 1"
    assert render(FRAGMENT, person, counter=counter) == "render 1"

    UserFactory(email="newcomer@example.org")

    assert render(FRAGMENT, person, counter=counter) == "render 2"
    assert render(FRAGMENT, person, counter=counter) == "render 3"


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_a_request_that_is_not_a_get_renders_live(caching, person, counter, method):
    """A form sent back with its errors is one person's draft: it is neither kept nor replaced
    by what a GET kept."""
    assert render(FRAGMENT, person, counter=counter) == "render 1"
    assert render(FRAGMENT, person, "head", counter=counter) == "render 1"

    assert render(FRAGMENT, person, method, counter=counter) == "render 2"
    assert render(FRAGMENT, person, method, counter=counter) == "render 3"
    assert render(FRAGMENT, person, counter=counter) == "render 1"


@committed
def test_a_committed_write_in_between_renders_the_fragment_again(caching, person, counter):
    assert render(FRAGMENT, person, counter=counter) == "render 1"
    assert render(FRAGMENT, person, counter=counter) == "render 1"

    UserFactory(email="newcomer@example.org")

    assert render(FRAGMENT, person, counter=counter) == "render 2"
    assert render(FRAGMENT, person, counter=counter) == "render 2"


@committed
def test_a_fragment_rendered_inside_a_rolled_back_transaction_is_not_shown_afterwards(
    caching, person
):
    """What a rolled-back transaction wrote never existed: no page may show it later."""
    source = (
        '{% cached "people" %}{% for p in people %}{{ p.full_name }};{% endfor %}{% endcached %}'
    )
    UserFactory(email="stays@example.org", full_name="Sam Stays")

    def people() -> QuerySet[User]:
        return User.objects.order_by("email")  # a new queryset: one keeps the rows it read

    with transaction.atomic():
        UserFactory(email="ghost@example.org", full_name="Gus Ghost")
        assert render(source, person, people=people()) == "Gus Ghost;Sam Stays;"
        transaction.set_rollback(True)

    assert not User.objects.filter(full_name="Gus Ghost").exists()
    assert freshness.version() is not None, "after the rollback the fragment may be cached again"
    assert render(source, person, people=people()) == "Sam Stays;"


def cannot_replace(connection: object) -> None:
    raise DatabaseError("the token could not be replaced")


@committed
def test_when_the_token_cannot_be_replaced_a_fragment_is_stale_for_at_most_five_minutes(
    caching, person, counter, monkeypatch
):
    """The token is replaced after the commit, which can fail: the clock step bounds the harm."""
    step_start = datetime.datetime(2025, 6, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(step_start, tick=False) as traveller:
        assert render(FRAGMENT, person, counter=counter) == "render 1"
        token = freshness.version()
        monkeypatch.setattr(freshness, "_replace_token", cannot_replace)

        UserFactory(email="newcomer@example.org")
        assert freshness.version() == token, "the replacement should have failed"

        traveller.shift(datetime.timedelta(seconds=CLOCK_STEP_SECONDS))
        assert render(FRAGMENT, person, counter=counter) == "render 2"


# The engagement list, the first page to use the cache, through the test client. These commit,
# as the portal's requests do.

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


@committed
def test_a_new_engagement_shows_on_the_next_load_of_the_list(programme_manager, camden, leeds):
    """The list is served from memory until an engagement is logged, then shows it at once."""
    EngagementFactory(council=camden)
    browser = browser_for(programme_manager)
    with CaptureQueriesContext(connection) as queries:
        assert engagement_total(browser.get(ENGAGEMENTS)) == 1
    assert engagement_queries(queries), "the first load should read the engagements"

    with CaptureQueriesContext(connection) as queries:
        assert engagement_total(browser.get(ENGAGEMENTS)) == 1
    assert engagement_queries(queries) == [], "the second load was not served from the cache"

    logged = EngagementFactory(council=leeds)

    response = browser.get(ENGAGEMENTS)
    assert engagement_total(response) == 2
    assert logged.get_absolute_url() in response.content.decode()


@committed
def test_a_principal_adviser_never_sees_the_programme_managers_list(
    programme_manager, principal_adviser, camden, leeds
):
    """Same address, different people: the PA reads London's engagements, not Leeds's."""
    in_london = EngagementFactory(council=camden)
    in_leeds = EngagementFactory(council=leeds)
    assert set(Engagement.objects.visible_to(principal_adviser)) == {in_london}

    manager, adviser = browser_for(programme_manager), browser_for(principal_adviser)
    version = freshness.version()
    assert version is not None

    managers_page = manager.get(ENGAGEMENTS)
    with CaptureQueriesContext(connection) as queries:
        assert engagement_total(manager.get(ENGAGEMENTS)) == 2
    assert engagement_queries(queries) == [], "the manager's list should have been kept"
    advisers_page = adviser.get(ENGAGEMENTS)

    assert freshness.version() == version, "a write between the loads would hide the point"

    assert engagement_total(managers_page) == 2
    assert in_leeds.get_absolute_url() in managers_page.content.decode()
    assert engagement_total(advisers_page) == 1
    assert in_london.get_absolute_url() in advisers_page.content.decode()
    assert in_leeds.get_absolute_url() not in advisers_page.content.decode()
