"""Evaluation reports: request one, watch it being prepared, download it and its tables."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import area_required
from reports import document, exports, forms, permissions, queries, services, tables
from reports.models import EvaluationReport

PAGE_SIZE = 20
QUEUED_MESSAGE = (
    "Your report is queued and will start when the task service is back. You can leave this "
    "page: the report will be listed here once it is ready."
)


@area_required("reports")
@require_http_methods(["GET", "POST"])
def report_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.ReportRequestForm(
        request.POST or None, user=request.user, today=timezone.localdate()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.request_report(
                start=data["start"],
                end=data["end"],
                as_of=data["as_of"],
                region=data["region"],
                actor=request.user,
                submission_key=data["submission_key"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if report.enqueued_at is None:
                messages.warning(request, QUEUED_MESSAGE)
            else:
                messages.success(request, "Your report is being prepared.")
            return redirect(report)
    reports = EvaluationReport.objects.visible_to(request.user).select_related(
        "region", "requested_by"
    )
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/evaluationreport_list.html", {"form": form, "page": page})


@area_required("reports")
@require_GET
def report_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = permissions.get_report_for_user(request.user, pk)
    return render(request, "reports/evaluationreport_detail.html", _report_context(report))


@area_required("reports")
@require_GET
def report_progress(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The progress fragment the report page polls until the report is done or failed."""
    report = permissions.get_report_for_user(request.user, pk)
    response = render(request, "reports/fragment_progress.html", _report_context(report))
    response["Cache-Control"] = "no-store"
    return response


def _file_response(report: EvaluationReport, field: str, suffix: str) -> FileResponse:
    file = getattr(report, field)
    if report.status != EvaluationReport.Status.DONE or not file:
        raise Http404("This report has no file yet.")
    return FileResponse(
        file.open("rb"), as_attachment=True, filename=f"{report.file_stem()}{suffix}"
    )


@area_required("reports")
@require_GET
def report_pdf(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    return _file_response(permissions.get_report_for_user(request.user, pk), "pdf", ".pdf")


@area_required("reports")
@require_GET
def report_xlsx(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    return _file_response(permissions.get_report_for_user(request.user, pk), "xlsx", ".xlsx")


@area_required("reports")
@require_GET
def report_csv(request: AuthenticatedHttpRequest, pk: int, table: str) -> HttpResponse:
    report = permissions.get_report_for_user(request.user, pk)
    spec = exports.table_by_slug(table)
    if spec is None or report.status != EvaluationReport.Status.DONE or not report.metrics:
        raise Http404("No such table.")
    rows = report.metrics["tables"].get(spec.slug, [])
    response = StreamingHttpResponse(exports.csv_lines(spec, rows), content_type="text/csv")
    filename = f"{report.file_stem()}-{spec.slug}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _report_context(report: EvaluationReport) -> dict[str, object]:
    if report.status != EvaluationReport.Status.DONE or not report.metrics:
        return {"report": report}
    rows = report.metrics["tables"]
    return {
        "report": report,
        "headlines": document.headlines(report.metrics),
        "tables": [
            {"slug": t.slug, "title": t.title, "rows": len(rows.get(t.slug, []))}
            for t in tables.report_tables(queries.STRAND_LABELS)
        ],
    }
