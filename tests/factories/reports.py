"""Factories for evaluation reports, and the engagements and inspections their metrics read."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from accounts.roles import Role
from advisers.models import Adviser, Engagement
from councils.models import Council, OfstedInspection
from reports.models import EvaluationReport
from tests.factories.accounts import UserFactory
from tests.factories.advisers import AdviserFactory


class EvaluationReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluationReport

    start = datetime.date(2018, 4, 1)
    end = datetime.date(2020, 3, 31)
    as_of = factory.SelfAttribute("end")
    region = None
    requested_by = factory.SubFactory(UserFactory, role=Role.PROGRAMME_MANAGER)


def adviser() -> Adviser:
    """One adviser shared by the engagements of a test."""
    existing = Adviser.objects.filter(user__email="report-adviser@example.org").first()
    return existing or AdviserFactory(
        user__email="report-adviser@example.org",
        user__role=Role.PRINCIPAL_ADVISER,
        kind=Adviser.Kind.PRINCIPAL_ADVISER,
    )


def engagement(
    council: Council,
    on: datetime.date,
    days: str = "1",
    *,
    strand: str = Engagement.Strand.INTENSIVE,
    funding: str = Engagement.Funding.FREE,
    commissioned_by_dfe: bool = False,
) -> Engagement:
    return Engagement.objects.create(
        council=council,
        adviser=adviser(),
        date=on,
        days=Decimal(days),
        strand=strand,
        activity=Engagement.Activity.ADVICE_DCS,
        funding=funding,
        commissioned_by_dfe=commissioned_by_dfe,
        summary="Met the director of children's services.",
    )


def inspection(
    council: Council,
    published_on: datetime.date,
    *,
    overall: int | None,
    leadership: int | None,
    kind: str = OfstedInspection.Kind.ILACS_STANDARD,
) -> OfstedInspection:
    framework = (
        OfstedInspection.Framework.SIF
        if kind in (OfstedInspection.Kind.SIF_FIRST, OfstedInspection.Kind.SIF_REINSPECTION)
        else OfstedInspection.Framework.ILACS
    )
    return OfstedInspection.objects.create(
        council=council,
        framework=framework,
        kind=kind,
        inspected_on=published_on - datetime.timedelta(days=40),
        published_on=published_on,
        overall_effectiveness=overall,
        leadership=leadership,
    )


def done_report(**fields: object) -> EvaluationReport:
    """A finished report, its metrics computed from the database and small stand-in files."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from reports import builders, exports
    from reports.queries import Scope

    report = EvaluationReportFactory(**fields)
    scope = Scope(start=report.start, end=report.end, as_of=report.as_of, region=report.region)
    report.metrics = builders.build_evaluation(scope)
    report.pdf.save(f"{report.file_stem()}.pdf", ContentFile(b"%PDF-1.7 stand-in"), save=False)
    report.xlsx.save(
        f"{report.file_stem()}.xlsx",
        ContentFile(exports.build_workbook(report.metrics)),
        save=False,
    )
    report.status = EvaluationReport.Status.DONE
    report.progress = 100
    report.started_at = report.finished_at = timezone.now()
    report.save()
    return report
