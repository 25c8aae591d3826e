"""The engagement list and CSV export at scale: query counts, time, and export memory.

Run with ``python manage.py bench_engagements`` (``make bench`` runs it). It adds benchmark
engagements (marked in their summary) until the table holds the target, measures the list and
the export at a tenth of the rows and at all of them, and prints the figures. A constant query
count and a flat export peak across the two sizes are the properties that matter; seconds vary
with the machine.
"""

from __future__ import annotations

import datetime
import time
import tracemalloc
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from accounts.roles import Role
from advisers import services
from advisers.models import Adviser, Engagement
from councils.models import Council

MARK = "Benchmark engagement"
BENCH_EMAIL = "bench.pm@bench.example.org"


@dataclass
class Measurement:
    rows: int
    list_queries: int
    list_seconds: float
    export_rows: int
    export_seconds: float
    export_peak_mb: float

    def __str__(self) -> str:
        return (
            f"{self.rows:>7} rows in filter | list: {self.list_queries} queries, "
            f"{self.list_seconds * 1000:.0f} ms | export: {self.export_rows} lines in "
            f"{self.export_seconds:.2f} s, peak Python memory {self.export_peak_mb:.1f} MB"
        )


def ensure_rows(total: int) -> None:
    """Add benchmark engagements until the table holds ``total`` rows."""
    missing = total - Engagement.objects.count()
    if missing <= 0:
        return
    councils = list(Council.objects.current().order_by("pk"))
    user, _ = User.objects.get_or_create(
        email="bench.adviser@bench.example.org",
        defaults={"full_name": "Bench Adviser", "role": Role.IMPROVEMENT_ADVISER},
    )
    adviser = services.ensure_adviser_profile(user=user)
    start = datetime.date(2015, 1, 1)
    batch = []
    for n in range(missing):
        batch.append(
            Engagement(
                council=councils[n % len(councils)],
                adviser=adviser,
                date=start + datetime.timedelta(days=n % 3650),
                days=Decimal("0.5") * (1 + n % 10),
                strand=Engagement.Strand.values[n % 4],
                activity=Engagement.Activity.values[n % 7],
                funding=Engagement.Funding.values[n % 3],
                summary=f"{MARK} {n}",
                confidential_notes="Benchmark note" if n % 5 == 0 else "",
            )
        )
        if len(batch) == 5000:
            Engagement.objects.bulk_create(batch)
            batch = []
    Engagement.objects.bulk_create(batch)


def _manager() -> User:
    user, _ = User.objects.get_or_create(
        email=BENCH_EMAIL, defaults={"full_name": "Bench Manager", "role": Role.PROGRAMME_MANAGER}
    )
    return user


def measure(query: dict[str, Any]) -> Measurement:
    from advisers.views import engagements

    user = _manager()
    factory = RequestFactory()
    request = factory.get("/engagements/", query)
    request.user = user
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = engagements.engagement_list(request)
    list_seconds = time.perf_counter() - started
    rows = response.context_data["totals"]["count"] if hasattr(response, "context_data") else None
    request = factory.get("/engagements/export.csv", query)
    request.user = user
    started = time.perf_counter()
    lines = _count_lines(engagements.engagement_export(request))
    export_seconds = time.perf_counter() - started
    # Memory is traced on a second run: tracing slows Python down too much to time the first.
    tracemalloc.start()
    _count_lines(engagements.engagement_export(request))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return Measurement(
        rows=rows if rows is not None else lines - 1,
        list_queries=len(queries),
        list_seconds=list_seconds,
        export_rows=lines,
        export_seconds=export_seconds,
        export_peak_mb=peak / 1_000_000,
    )


def _count_lines(response: Any) -> int:
    return sum(chunk.count(b"\n") for chunk in response.streaming_content)


def run(total: int = 100_000) -> list[Measurement]:
    """Measure a tenth of the rows (one date range) and then every row."""
    ensure_rows(total)
    dates = list(
        Engagement.objects.order_by("date").values_list("date", flat=True)[: total // 10 + 1]
    )
    tenth = {"date_to": dates[-1].isoformat()} if dates else {}
    return [measure(tenth), measure({})]


def cleanup() -> int:
    """Remove the benchmark engagements and people."""
    deleted, _ = Engagement.objects.filter(summary__startswith=MARK).delete()
    Adviser.objects.filter(user__email__endswith="@bench.example.org").delete()
    User.objects.filter(email__endswith="@bench.example.org").delete()
    return deleted
