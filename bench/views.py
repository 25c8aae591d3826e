"""The benchmark's reference views: what `make bench` holds every page against.

They are mounted only by the benchmark's own server (bench.settings, bench.urls), never by
the portal's URL configuration.
"""

from __future__ import annotations

import csv
import itertools

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from accounts.permissions import area_required
from advisers.exports import FIELDS
from advisers.models import Engagement


@login_not_required
def trivial(request: HttpRequest) -> HttpResponse:
    """The cheapest response the server can give."""
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
def floor(request: HttpRequest) -> HttpResponse:
    """The base layout with a 50-row, 8-column table from memory, no queries."""
    rows = [[f"Row {row} column {col}" for col in range(8)] for row in range(50)]
    return render(request, "bench/floor.html", {"rows": rows, "columns": range(8)})


@area_required("engagement_export")
def export_bare(request: HttpRequest) -> StreamingHttpResponse:
    """The engagement export's rows and cells as CSV, as stored: no labels, guard or rules.

    The rows are real engagements, so only the people who may export them may fetch it.
    """
    columns = [*FIELDS, "confidential_notes"]
    rows = Engagement.objects.order_by("date", "pk").values_list(*columns).iterator(chunk_size=2000)
    writer = csv.writer(_Echo())
    lines = itertools.chain([writer.writerow(columns)], (writer.writerow(row) for row in rows))
    return StreamingHttpResponse(lines, content_type="text/csv")


class _Echo:
    def write(self, value: str) -> str:
        return value
