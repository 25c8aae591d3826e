"""A reader in a process of its own: reads ``EMAIL URL`` lines, answers each with the page.

Started by test_next_request.py against the test database, and kept running across reads, as
a warm web worker is. Each answer is one JSON line: the status and the body.
"""

from __future__ import annotations

import json
import sys

import django


def main() -> None:
    django.setup()
    from django.test import Client

    from accounts.models import User

    for line in sys.stdin:
        email, url = line.split()
        client = Client()
        client.force_login(User.objects.get(email=email))
        response = client.get(url)
        print(json.dumps({"status": response.status_code, "body": response.content.decode()}))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
