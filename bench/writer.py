"""Logs one engagement a second through the portal's service, for SECONDS (bench only).

    python -m bench.writer SECONDS

Runs beside the mixed run, as an adviser logging their work would: every page the readers ask
for afterwards must show the new rows. Prints how many it logged.
"""

from __future__ import annotations

import datetime
import json
import sys
import time
from decimal import Decimal

import django

django.setup()

from accounts.models import User
from advisers import services
from advisers.models import Engagement
from councils.models import Council

MARK = "Logged during the benchmark"


def main() -> None:
    seconds = float(sys.argv[1])
    actor = User.objects.get(email="principal.adviser@example.org")
    councils = list(Council.objects.current().filter(region_id=actor.region_id))
    logged = 0
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        services.create_engagement(
            data={
                "council": councils[logged % len(councils)],
                "date": datetime.date.today(),
                "days": Decimal("0.5"),
                "strand": Engagement.Strand.INTENSIVE,
                "activity": Engagement.Activity.ADVICE_DCS,
                "funding": Engagement.Funding.FREE,
                "commissioned_by_dfe": False,
                "summary": f"{MARK} ({logged + 1})",
            },
            actor=actor,
        )
        logged += 1
        time.sleep(max(0.0, started + logged - time.monotonic()))
    print(json.dumps({"logged": logged}))


if __name__ == "__main__":
    main()
