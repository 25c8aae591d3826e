"""Counts the SQL queries of each benchmarked page for its role's demo user (bench only)."""

from __future__ import annotations

import json
import sys

import django

django.setup()

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.demo import DEMO_USERS
from accounts.models import User


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
