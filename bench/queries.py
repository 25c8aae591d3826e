"""Counts the SQL queries of each benchmarked page for its role's demo user (bench only)."""

from __future__ import annotations

import json
import sys

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.demo import DEMO_USERS  # noqa: E402
from accounts.models import User  # noqa: E402


def main() -> None:
    pages = json.loads(sys.argv[1])
    users = {str(role): User.objects.get(email=email) for email, role, *_ in DEMO_USERS}
    counts = {}
    for page in pages:
        client = Client()
        client.force_login(users[page["role"]])
        client.get(page["url"])  # warm caches, as the load test does
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page["url"])
        if response.status_code != 200:
            raise SystemExit(f"{page['url']} answered {response.status_code} for {page['role']}")
        counts[page["name"]] = len(queries)
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
