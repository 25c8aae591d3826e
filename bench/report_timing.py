"""Times the national evaluation report PDF, and WeasyPrint alone on the same HTML (bench only).

Both are measured in CPU seconds of this process as well as wall time: on a shared 2-core
machine CPU time is the steady figure. The ratio uses CPU time.
"""

from __future__ import annotations

import datetime
import json
import time

import django

django.setup()

from accounts.models import User
from improvement_portal.pdf import html_to_pdf
from reports import builders, document, services
from reports.models import EvaluationReport
from reports.queries import Scope

START, END = datetime.date(2015, 4, 1), datetime.date(2025, 3, 31)


def main() -> None:
    actor = User.objects.get(email="programme.manager@example.org")
    report = EvaluationReport.objects.create(start=START, end=END, as_of=END, requested_by=actor)
    wall, cpu = time.perf_counter(), time.process_time()
    services.generate_report(report_id=report.pk)
    report_wall, report_cpu = time.perf_counter() - wall, time.process_time() - cpu
    report.refresh_from_db()
    if report.status != EvaluationReport.Status.DONE:
        raise SystemExit(f"The report failed: {report.error}")

    html = document.render_html(builders.build_evaluation(Scope(START, END, END)))
    wall, cpu = time.perf_counter(), time.process_time()
    html_to_pdf(html, variant=document.PDF_VARIANT)  # the same tagged PDF the report makes
    weasy_wall, weasy_cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        json.dumps(
            {
                "seconds": round(report_wall, 2),
                "cpu_seconds": round(report_cpu, 2),
                "weasyprint_seconds": round(weasy_wall, 2),
                "weasyprint_cpu_seconds": round(weasy_cpu, 2),
                "ratio": round(report_cpu / weasy_cpu, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
