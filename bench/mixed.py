"""Writes the addresses of the mixed run: many signed-in people, many pages (bench only).

    python -m bench.mixed PATH

Picks people of every role (every programme manager and adviser, and a sample of associates
and councillors), gives each their own dashboard and a random sample of the pages their role
reads (every council page, list pages with their pages and filters, engagement records,
courses, bookings, searches), checks each answers 200 for that person, and writes one
``SESSION_KEY PATH`` line per pair for bench/wrk_mixed.lua. Prints a JSON summary.
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path

import django

django.setup()

from django.test import Client

from accounts.models import User
from accounts.permissions import can_use_area
from accounts.roles import Role
from advisers.models import Engagement
from bench.sessions import signed_in
from councils.models import Council
from courses.models import CourseSession
from resources.models import Resource

SEED = 2018
PEOPLE = {
    Role.PROGRAMME_MANAGER: 5,
    Role.PRINCIPAL_ADVISER: 15,
    Role.IMPROVEMENT_ADVISER: 25,
    Role.ASSOCIATE: 15,
    Role.COUNCILLOR: 30,
}
PAGES_EACH = 14
ENGAGEMENT_RECORDS = 300
SEARCHES = ["safeguarding", "leadership", "corporate parenting", "ofsted", "improvement"]


def addresses_by_area(rng: random.Random) -> dict[str, list[str]]:
    """The pages people read, by the area that serves them."""
    councils = list(Council.objects.values_list("gss_code", flat=True))
    engagements = list(Engagement.objects.order_by("?").values_list("pk", flat=True)[:2000])
    sessions = list(CourseSession.objects.values_list("pk", flat=True))
    resources = list(Resource.objects.published().values_list("slug", flat=True))
    return {
        "councils": [
            *(f"/councils/{code}/" for code in councils),
            *(f"/councils/?page={page}" for page in range(1, 5)),
            "/councils/regions/",
        ],
        "engagements": [
            *(f"/engagements/{pk}/" for pk in rng.sample(engagements, ENGAGEMENT_RECORDS)),
            *(f"/engagements/?page={page}" for page in range(1, 21)),
            *(
                f"/engagements/?strand={strand}&funding={funding}"
                for strand in ("intensive", "lead_member", "peer_challenge", "other")
                for funding in ("free", "subsidised", "whole_cost")
            ),
            "/engagements/new/",
        ],
        "courses": [
            "/courses/",
            "/courses/?page=2",
            *(f"/courses/{pk}/" for pk in sessions),
        ],
        "bookings": ["/bookings/", "/bookings/?page=2"],
        "resources": [
            "/resources/",
            "/resources/?page=2",
            *(f"/resources/?q={word.replace(' ', '+')}" for word in SEARCHES),
            *(f"/resources/{slug}/" for slug in resources),
        ],
        "mentoring_admin": ["/mentoring/board/", "/mentoring/mentors/", "/mentoring/matches/"],
        "reports": ["/reports/"],
        "peer_challenges": ["/peer-challenges/"],
    }


def people(rng: random.Random) -> list[User]:
    chosen = []
    for role, count in PEOPLE.items():
        users = list(User.objects.filter(role=role, is_active=True).order_by("pk"))
        chosen += rng.sample(users, min(count, len(users)))
    return chosen


def main() -> None:
    rng = random.Random(SEED)
    by_area = addresses_by_area(rng)
    lines, roles, dropped = [], Counter(), 0
    for user in people(rng):
        readable = [
            url for area, urls in by_area.items() if can_use_area(user, area) for url in urls
        ]
        client = Client()
        client.force_login(user)
        own = []
        for url in ["/", *rng.sample(readable, min(PAGES_EACH, len(readable)))]:
            if client.get(url).status_code == 200:
                own.append(url)
            else:
                dropped += 1  # an object this person may not see (another region's record)
        key = signed_in(user)
        lines += [f"{key} {url}" for url in own]
        roles[str(user.role)] += 1
    Path(sys.argv[1]).write_text("\n".join(lines) + "\n")
    print(
        json.dumps(
            {
                "people": sum(roles.values()),
                "by_role": dict(roles),
                "pairs": len(lines),
                "addresses": len({line.split()[1] for line in lines}),
                "dropped": dropped,
            }
        )
    )


if __name__ == "__main__":
    main()
