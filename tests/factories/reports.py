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


class EvaluationReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluationReport

    start = datetime.date(2018, 4, 1)
    end = datetime.date(2020, 3, 31)
    as_of = factory.SelfAttribute("end")
    region = None
    requested_by = factory.SubFactory(UserFactory, role=Role.PROGRAMME_MANAGER)


class AdviserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adviser

    user = factory.SubFactory(UserFactory, role=Role.PRINCIPAL_ADVISER)
    kind = Adviser.Kind.PRINCIPAL_ADVISER


def adviser() -> Adviser:
    """One adviser shared by the engagements of a test."""
    existing = Adviser.objects.filter(user__email="report-adviser@example.org").first()
    return existing or AdviserFactory(user__email="report-adviser@example.org")


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
