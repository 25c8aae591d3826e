from __future__ import annotations

import datetime

import factory

from councils.models import Council, OfstedInspection, Region


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"E9{n:07d}")
    name = factory.Sequence(lambda n: f"Test region {n}")
    slug = factory.Sequence(lambda n: f"test-region-{n}")


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council
        django_get_or_create = ["gss_code"]

    gss_code = factory.Sequence(lambda n: f"E99{n:06d}")
    la_number = factory.Sequence(lambda n: f"{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"Testshire {n}")
    slug = factory.Sequence(lambda n: f"testshire-{n}")
    kind = Council.Kind.UNITARY
    region = factory.SubFactory(RegionFactory)
    active_from = datetime.date(2009, 1, 1)


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfstedInspection

    council = factory.SubFactory(CouncilFactory)
    framework = OfstedInspection.Framework.ILACS
    kind = OfstedInspection.Kind.ILACS_STANDARD
    inspected_on = datetime.date(2019, 1, 14)
    published_on = datetime.date(2019, 3, 1)
    overall_effectiveness = 3
    leadership = 3
    help_and_protection = 3
    children_in_care = 3
