"""Profiles one page's first view with pyinstrument, as its role's demo user (bench only).

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=... python -m bench.profile / principal_adviser

Prints the call tree of twenty requests, the templates already loaded, as a warm worker has.
"""

from __future__ import annotations

import sys

import django

django.setup()

from django.test import Client
from pyinstrument import Profiler

from accounts.models import User
from demo.accounts import DEMO_USERS

REQUESTS = 20


def main() -> None:
    url, role = sys.argv[1], sys.argv[2]
    email = next(email for email, user_role, *_ in DEMO_USERS if str(user_role) == role)
    client = Client()
    client.force_login(User.objects.get(email=email))
    client.get(url)
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(REQUESTS):
            client.get(url)
    print(profiler.output_text(unicode=True, show_all=False))


if __name__ == "__main__":
    main()
