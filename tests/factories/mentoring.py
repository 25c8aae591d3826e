from __future__ import annotations

import datetime

import factory

from accounts.roles import Role
from mentoring.models import (
    Match,
    Mentor,
    MentoringFeedback,
    MentoringRequest,
    MentoringSession,
    PoliticalGroup,
)
from tests.factories.accounts import UserFactory
from tests.factories.councils import CouncilFactory


class CouncillorFactory(UserFactory):
    role = Role.COUNCILLOR
    council = factory.SubFactory(CouncilFactory)
    region = factory.SelfAttribute("council.region")


class MentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentor

    user = factory.SubFactory(CouncillorFactory)
    council = factory.SelfAttribute("user.council")
    region = factory.SelfAttribute("council.region")
    political_group = PoliticalGroup.LABOUR
    experience = factory.LazyFunction(list)
    capacity = 2
    is_active = True


class MentoringRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentoringRequest

    mentee = factory.SubFactory(CouncillorFactory)
    council = factory.SelfAttribute("mentee.council")
    kind = MentoringRequest.Kind.DEFINED_PERIOD
    political_group = PoliticalGroup.LABOUR
    performance_concern = False
    needs = "Help preparing for scrutiny of the improvement plan."
    requested_by = factory.SelfAttribute("mentee")


# The request's status that goes with each match status, so made-up data stays consistent.
REQUEST_STATUS_FOR = {
    Match.Status.PROPOSED: MentoringRequest.Status.OPEN,
    Match.Status.DECLINED: MentoringRequest.Status.OPEN,
    Match.Status.ACCEPTED: MentoringRequest.Status.MATCHED,
    Match.Status.ACTIVE: MentoringRequest.Status.MATCHED,
    Match.Status.COMPLETED: MentoringRequest.Status.COMPLETED,
}


class MatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Match

    request = factory.SubFactory(
        MentoringRequestFactory,
        status=factory.LazyAttribute(lambda o: REQUEST_STATUS_FOR[o.factory_parent.status]),
    )
    mentor = factory.SubFactory(MentorFactory)
    status = Match.Status.PROPOSED
    proposed_by = factory.SubFactory(UserFactory, role=Role.PROGRAMME_MANAGER)


class MentoringSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentoringSession

    match = factory.SubFactory(MatchFactory, status=Match.Status.ACTIVE)
    held_on = datetime.date(2025, 3, 3)
    duration_minutes = 60
    private_notes = "Talked about the improvement board."
    logged_by = factory.SelfAttribute("match.mentor.user")


class MentoringFeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentoringFeedback

    match = factory.SubFactory(MatchFactory, status=Match.Status.COMPLETED)
    rating = 4
    would_recommend = True
