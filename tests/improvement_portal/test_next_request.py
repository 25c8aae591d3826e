"""A committed change shows on the very next request of every main page: for the person who
made it, and for another reader in a process of its own, already warm. No window of staleness.

These tests commit (transaction=True), as the portal's requests do, so the other process sees
the rows.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from accounts.models import User
from councils.models import Council
from resources import services as resource_services
from tests.factories.courses import BookingFactory, CourseFactory, SessionFactory
from tests.factories.mentoring import MentoringRequestFactory
from tests.factories.reports import EvaluationReportFactory
from tests.factories.resources import ResourceFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
RENAMED = "Camden Newly Renamed"


class OtherProcess:
    """The page reader (page_reader.py) in its own Python process, on the test database."""

    def __init__(self, database: str) -> None:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "improvement_portal.settings_test",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.improvement_portal.page_reader"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def get(self, user: User, url: str) -> str:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(f"{user.email} {url}\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline())
        assert answer["status"] == 200, url
        return answer["body"]

    def stop(self) -> None:
        assert self.process.stdin
        self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def other_process(django_db_setup, django_db_blocker) -> Iterator[OtherProcess]:
    with django_db_blocker.unblock():
        database = connection.settings_dict["NAME"]
    reader = OtherProcess(database)
    yield reader
    reader.stop()


def _rename_camden(world: dict) -> str:
    Council.objects.filter(gss_code="E09000007").update(name=RENAMED)
    return RENAMED


def _new_session(world: dict) -> str:
    SessionFactory(course=CourseFactory(title="Leadership Essentials, newly added"))
    return "Leadership Essentials, newly added"


def _new_booking(world: dict) -> str:
    course = CourseFactory(title="Leadership Essentials, newly booked")
    BookingFactory(person=world["councillor"], session=SessionFactory(course=course))
    return "Leadership Essentials, newly booked"


def _new_resource(world: dict) -> str:
    resource = ResourceFactory(
        title="Safeguarding, newly published",
        summary="Safeguarding in practice.",
        published_on=datetime.date.today(),
        audiences=["councillors"],
    )
    resource_services.update_search_vectors(resource_ids=[resource.pk])
    return "Safeguarding, newly published"


def _new_report(world: dict) -> str:
    report = EvaluationReportFactory(requested_by=world["programme_manager"])
    return report.get_absolute_url()


def _new_request(world: dict) -> str:
    request = MentoringRequestFactory(mentee__full_name="Cllr Newly Waiting")
    return request.mentee.full_name


@dataclass(frozen=True)
class Page:
    url: str
    persona: str
    change: Callable[[dict], str]


PAGES = [
    Page("/", "councillor", _new_resource),
    Page("/councils/", "principal_adviser", _rename_camden),
    Page("/councils/E09000007/", "principal_adviser", _rename_camden),
    Page("/engagements/", "programme_manager", _rename_camden),
    Page("/engagements/?strand=intensive&funding=free", "programme_manager", _rename_camden),
    Page("/engagements/new/", "principal_adviser", _rename_camden),
    Page("/courses/", "councillor", _new_session),
    Page("/bookings/", "councillor", _new_booking),
    Page("/mentoring/board/", "programme_manager", _new_request),
    Page("/resources/?q=safeguarding", "councillor", _new_resource),
    Page("/reports/", "programme_manager", _new_report),
]


@pytest.mark.parametrize("page", PAGES, ids=[f"{p.url} as {p.persona}" for p in PAGES])
def test_a_committed_change_shows_on_the_next_request_in_every_process(page, world, other_process):
    reader = world[page.persona]
    writer = Client()
    writer.force_login(reader)
    before, before_elsewhere = writer.get(page.url), other_process.get(reader, page.url)
    assert before.status_code == 200

    shown = page.change(world)

    after = writer.get(page.url).content.decode()
    assert shown not in before.content.decode() and shown not in before_elsewhere
    assert shown in after
    assert shown in other_process.get(reader, page.url)


def test_no_portal_code_wraps_the_database_connection(client, programme_manager):
    client.force_login(programme_manager)
    client.get("/")

    portal_wrappers = [
        wrapper
        for wrapper in connection.execute_wrappers
        if not getattr(wrapper, "__module__", "").startswith("django.")
    ]
    assert portal_wrappers == []
