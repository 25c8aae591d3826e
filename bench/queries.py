"""Counts the SQL queries of each benchmarked page for its role's demo user, and times its
first view: the server's time for the page rendered from the database, as every view is, next to
the floor's measured the same way in the same process (bench only).

Times are the median of several requests through Django's test client, in one process: the
server's own work, without the network or the load generator. Wall time includes waiting for
PostgreSQL; CPU time is this process's alone, the steadier figure on a shared machine.
"""

from __future__ import annotations

import json
import statistics
import sys
import time

import django

django.setup()

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from bench.run import SIGNED_IN_FLOOR, SIGNED_IN_FLOOR_ROLE
from demo.accounts import DEMO_USERS

RUNS = 7


def first_view(client: Client, url: str) -> dict[str, float]:
    """The page's median server time and CPU time, in milliseconds."""
    walls, cpus = [], []
    for _ in range(RUNS):
        wall, cpu = time.perf_counter(), time.process_time()
        client.get(url)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return {
        "first_view_ms": round(statistics.median(walls) * 1000, 1),
        "first_view_cpu_ms": round(statistics.median(cpus) * 1000, 1),
    }


def main() -> None:
    pages = json.loads(sys.argv[1])
    users = {str(role): User.objects.get(email=email) for email, role, *_ in DEMO_USERS}
    floor = Client()
    floor.get("/bench/floor")  # load the templates, as a warm worker has
    results = {"floor": {"queries": 0, **first_view(floor, "/bench/floor")}}
    # The same page for a signed-in person: what every portal page pays before its own work
    # (the session, the user, the navigation for their role and the unread count).
    signed_in = Client()
    signed_in.force_login(users[SIGNED_IN_FLOOR_ROLE])
    signed_in.get("/bench/floor")
    with CaptureQueriesContext(connection) as queries:
        signed_in.get("/bench/floor")
    results[SIGNED_IN_FLOOR] = {"queries": len(queries), **first_view(signed_in, "/bench/floor")}
    for page in pages:
        client = Client()
        client.force_login(users[page["role"]])
        client.get(page["url"])  # load the templates and open the connection, as a warm worker has
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page["url"])
        if response.status_code != 200:
            raise SystemExit(f"{page['url']} answered {response.status_code} for {page['role']}")
        results[page["name"]] = {"queries": len(queries), **first_view(client, page["url"])}
    print(json.dumps(results))


if __name__ == "__main__":
    main()
