"""Counts the SQL queries of each benchmarked page for its role's demo user, and times the
page when nothing is cached (bench only).

Pages keep their content in the fragment cache until the data changes, so each page is
counted twice: rendered in full (the cache emptied first: what the first reader after a
change pays, and the figure that must not grow with the data) and served from the cache.
"""

from __future__ import annotations

import json
import statistics
import sys
import time

import django

django.setup()

from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.demo import DEMO_USERS
from accounts.models import User

COLD_RUNS = 7


def main() -> None:
    pages = json.loads(sys.argv[1])
    users = {str(role): User.objects.get(email=email) for email, role, *_ in DEMO_USERS}
    fragments = caches["fragments"]
    results = {}
    for page in pages:
        client = Client()
        client.force_login(users[page["role"]])
        client.get(page["url"])  # load the templates and open the connection, as a warm worker has
        fragments.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page["url"])
        full = len(queries)  # now: the next request empties Django's query log
        if response.status_code != 200:
            raise SystemExit(f"{page['url']} answered {response.status_code} for {page['role']}")
        with CaptureQueriesContext(connection) as queries:
            client.get(page["url"])
        cached = len(queries)
        timings = []
        for _ in range(COLD_RUNS):
            fragments.clear()
            started = time.perf_counter()
            client.get(page["url"])
            timings.append(time.perf_counter() - started)
        results[page["name"]] = {
            "full": full,
            "cached": cached,
            "uncached_ms": round(statistics.median(timings) * 1000, 1),
        }
    print(json.dumps(results))


if __name__ == "__main__":
    main()
