"""Places are never overbooked, whatever the concurrency: real threads on PostgreSQL.

Each test releases its threads together from a barrier. The service's seam between counting
places and writing the booking sleeps briefly in every test here, widening the race window. The
twin with the session lock turned off holds six attempts at that seam until all six have
counted, so it overbooks on any machine: it shows that the lock, not luck, keeps the others
right.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.db import connection

from courses import services, tasks
from courses.models import Booking
from tests.courses.conftest import make_councillors
from tests.factories.courses import BookingFactory, SessionFactory

# Fifty threads hold fifty connections: two of these tests at once on two test workers would
# pass PostgreSQL's hundred, so they all run on one worker (xdist's loadgroup).
pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("fifty_connections"),
]

RACE_WINDOW_SECONDS = 0.02


def run_together(count: int, work: Callable[[int], Any]) -> tuple[list[Any], list[BaseException]]:
    """Run work(0..count-1) in as many threads, all released at once; results and errors."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            barrier.wait(timeout=60)
            results[index] = work(index)
        except BaseException as error:  # every failure is reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread did not finish"
    return results, errors


@pytest.fixture
def race_window(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        services, "_between_read_and_write", lambda: time.sleep(RACE_WINDOW_SECONDS)
    )


@pytest.fixture
def last_five_places() -> Any:
    """A session of 20 places with 15 taken, and 50 councillors who want one."""
    session = SessionFactory(capacity=20)
    for person in make_councillors(15, prefix="early"):
        BookingFactory(session=session, person=person)
    return session, make_councillors(50, prefix="late")


def book_all(session: Any, people: list[Any]) -> tuple[list[Any], list[BaseException]]:
    return run_together(
        len(people),
        lambda n: services.book_place(session=session, person=people[n], actor=people[n]),
    )


def test_fifty_simultaneous_attempts_for_the_last_five_places(last_five_places, race_window):
    session, people = last_five_places

    results, errors = book_all(session, people)

    assert errors == []
    latest = list(Booking.objects.with_waiting_position().filter(person__in=people).order_by("pk"))
    assert [b.status for b in latest] == ["confirmed"] * 5 + ["waitlisted"] * 45
    assert Booking.objects.occupying().filter(session=session).count() == 20
    # Arrival order: the waiting list runs in the order the bookings were written.
    waiting = [b for b in latest if b.status == "waitlisted"]
    assert [b.waiting_position for b in waiting] == list(range(1, 46))
    assert [b.waitlisted_at for b in waiting] == sorted(b.waitlisted_at for b in waiting)
    assert sorted(r.pk for r in results) == [b.pk for b in latest]
    subjects = [m.subject.split(":")[0] for m in mail.outbox]
    assert subjects.count("Your place is booked") == 5
    assert subjects.count("You are on the waiting list") == 45


def counted_together(parties: int) -> Callable[[], None]:
    """A seam that holds the first ``parties`` attempts, once each has counted the places,
    until all of them have: so they all count before any writes, however the threads are
    scheduled. Later attempts pass straight through."""
    arrived = 0
    lock = threading.Lock()
    everyone = threading.Event()

    def wait() -> None:
        nonlocal arrived
        with lock:
            arrived += 1
            if arrived >= parties:
                everyone.set()
        everyone.wait(timeout=60)

    return wait


def test_without_the_session_lock_the_same_attempts_overbook(last_five_places, monkeypatch):
    monkeypatch.setattr(services, "LOCK_SESSION_ROWS", False)
    session, people = last_five_places
    # Six attempts count five free places before any of them books: nothing stops all six.
    monkeypatch.setattr(services, "_between_read_and_write", counted_together(6))

    _, errors = book_all(session, people)

    assert errors == []
    assert Booking.objects.occupying().filter(session=session).count() > session.capacity


def test_twenty_double_submits_by_one_person_give_one_booking(race_window):
    session = SessionFactory(capacity=3)
    [person] = make_councillors(1)

    results, errors = run_together(
        20, lambda n: services.book_place(session=session, person=person, actor=person)
    )

    assert errors == []
    assert Booking.objects.filter(person=person).count() == 1
    assert {r.pk for r in results} == {Booking.objects.get(person=person).pk}
    assert len(mail.outbox) == 1


def test_simultaneous_cancellations_and_bookings_never_double_promote(race_window):
    session = SessionFactory(capacity=5)
    holders = [BookingFactory(session=session, person=p) for p in make_councillors(5, "holder")]
    waiting = [
        BookingFactory(session=session, person=p, status="waitlisted")
        for p in make_councillors(10, "waiting")
    ]
    newcomers = make_councillors(5, "newcomer")
    first, second = holders[0], holders[1]

    def act(n: int) -> Any:
        if n < 10:  # ten presses of "cancel" on the first booking
            return services.cancel_booking(booking=first, actor=first.person)
        if n < 15:  # five on the second
            return services.cancel_booking(booking=second, actor=second.person)
        person = newcomers[n - 15]
        return services.book_place(session=session, person=person, actor=person)

    _, errors = run_together(20, act)

    assert errors == []
    assert Booking.objects.occupying().filter(session=session).count() == 5
    promoted = Booking.objects.filter(pk__in=[b.pk for b in waiting], status="confirmed")
    assert sorted(promoted.values_list("pk", flat=True)) == [waiting[0].pk, waiting[1].pk]
    assert set(Booking.objects.filter(person__in=newcomers).values_list("status", flat=True)) == {
        "waitlisted"
    }
    offers = [m.to[0] for m in mail.outbox if m.subject.startswith("A place has come free")]
    assert sorted(offers) == sorted([waiting[0].person.email, waiting[1].person.email])
    cancellations = [m for m in mail.outbox if m.subject.startswith("Booking cancelled")]
    assert len(cancellations) == 2


def test_reminders_run_twice_at_once_still_go_once():
    import datetime

    from django.utils import timezone

    session = SessionFactory(starts_at=timezone.now() + datetime.timedelta(days=3))
    for person in make_councillors(8):
        BookingFactory(session=session, person=person)

    _, errors = run_together(2, lambda n: tasks.send_due_reminders())

    assert errors == []
    reminders = [m.to[0] for m in mail.outbox if m.subject.startswith("Reminder")]
    assert len(reminders) == 8 and len(set(reminders)) == 8
