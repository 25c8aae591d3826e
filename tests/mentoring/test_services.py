"""The write side: requests, proposals, the lifecycle, sessions, feedback and the pool."""

from __future__ import annotations

import datetime
import functools

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.roles import Role
from mentoring import matching, services
from mentoring.models import GroupOffice, GroupOfficeReferral, Match, Mentor, MentoringRequest
from notifications.models import Notification
from tests.factories.accounts import UserFactory
from tests.factories.mentoring import (
    CouncillorFactory,
    MatchFactory,
    MentorFactory,
    MentoringRequestFactory,
)

pytestmark = pytest.mark.django_db
S = Match.Status


def ask(mentee, actor=None, **overrides):
    answers = {
        "kind": MentoringRequest.Kind.SOUNDING_BOARD,
        "political_group": "labour",
        "performance_concern": True,
        "needs": "  Someone to talk to before the improvement board.  ",
    }
    return services.request_mentoring(
        mentee=mentee, actor=actor or mentee, **{**answers, **overrides}
    )


# Requests ------------------------------------------------------------------------------------


def test_a_councillor_asks_for_a_mentor_for_their_own_council(councillor, camden):
    made = ask(councillor)

    assert made.council == camden
    assert made.status == MentoringRequest.Status.OPEN
    assert made.requested_by == councillor
    assert made.needs == "Someone to talk to before the improvement board."


def test_a_programme_manager_asks_on_a_councillors_behalf(councillor, programme_manager):
    made = ask(councillor, actor=programme_manager)

    assert made.mentee == councillor
    assert made.requested_by == programme_manager


def test_refuses_a_second_request_while_one_is_outstanding(mentoring_request, councillor):
    with pytest.raises(ValidationError, match="already has a mentoring request"):
        ask(councillor)


def test_a_councillor_cannot_ask_for_someone_else(councillor, other_councillor):
    with pytest.raises(PermissionDenied):
        ask(other_councillor, actor=councillor)


@pytest.mark.parametrize("persona", ["principal_adviser", "improvement_adviser", "associate"])
def test_other_roles_cannot_ask_for_mentoring(request, persona, councillor):
    with pytest.raises(PermissionDenied):
        ask(councillor, actor=request.getfixturevalue(persona))


def test_withdrawing_a_request_declines_the_proposal_out_for_it(proposed_match, councillor):
    withdrawn = services.withdraw_request(
        mentoring_request=proposed_match.request, actor=councillor
    )

    assert withdrawn.status == MentoringRequest.Status.WITHDRAWN
    proposed_match.refresh_from_db()
    assert (proposed_match.status, proposed_match.decline_reason) == (
        S.DECLINED,
        "The request was withdrawn.",
    )
    assert services.withdraw_request(mentoring_request=withdrawn, actor=councillor) == withdrawn


def test_a_matched_request_cannot_be_withdrawn(active_match, councillor):
    with pytest.raises(ValidationError, match="Only a request still waiting"):
        services.withdraw_request(mentoring_request=active_match.request, actor=councillor)


def test_only_the_mentee_or_a_programme_manager_withdraws(mentoring_request, other_councillor):
    with pytest.raises(PermissionDenied):
        services.withdraw_request(mentoring_request=mentoring_request, actor=other_councillor)


# Proposals -----------------------------------------------------------------------------------


def test_proposing_keeps_the_score_and_reasons(mentoring_request, mentor, programme_manager):
    match = services.propose_match(
        mentoring_request=mentoring_request, mentor=mentor, actor=programme_manager
    )

    assert match.status == S.PROPOSED
    assert match.reasons == [
        "same political group",
        "has led improvement from inadequate",
        "different region",
        "2 of 2 places free",
    ]
    assert match.score == 40 + 30 + 10 + 20


def test_refuses_a_mentor_from_the_mentees_own_council(
    mentoring_request, camden, programme_manager
):
    neighbour = MentorFactory(user=CouncillorFactory(council=camden))

    with pytest.raises(ValidationError, match="from the mentee's own council"):
        services.propose_match(
            mentoring_request=mentoring_request, mentor=neighbour, actor=programme_manager
        )


def test_refuses_a_paused_mentor(mentoring_request, mentor, programme_manager):
    Mentor.objects.filter(pk=mentor.pk).update(is_active=False)

    with pytest.raises(ValidationError, match="is paused"):
        services.propose_match(
            mentoring_request=mentoring_request, mentor=mentor, actor=programme_manager
        )


def test_refuses_a_mentor_with_no_place_free(mentoring_request, mentor, programme_manager):
    MatchFactory.create_batch(2, mentor=mentor, status=S.ACTIVE)

    with pytest.raises(ValidationError, match="has no places free"):
        services.propose_match(
            mentoring_request=mentoring_request, mentor=mentor, actor=programme_manager
        )


def test_refuses_a_second_proposal_while_one_is_out(proposed_match, programme_manager):
    another = MentorFactory()

    with pytest.raises(ValidationError, match="already has a mentor proposed"):
        services.propose_match(
            mentoring_request=proposed_match.request, mentor=another, actor=programme_manager
        )


def test_only_programme_managers_propose(mentoring_request, mentor, councillor):
    with pytest.raises(PermissionDenied):
        services.propose_match(mentoring_request=mentoring_request, mentor=mentor, actor=councillor)


# The lifecycle -------------------------------------------------------------------------------


def test_the_mentor_accepts_and_the_request_is_matched(proposed_match, mentor_user):
    accepted = services.accept_match(match=proposed_match, actor=mentor_user)

    assert accepted.status == S.ACCEPTED
    assert accepted.responded_on is not None
    proposed_match.request.refresh_from_db()
    assert proposed_match.request.status == MentoringRequest.Status.MATCHED


@pytest.mark.parametrize("persona", ["programme_manager", "councillor", "other_councillor"])
def test_only_the_mentor_accepts(request, persona, proposed_match):
    with pytest.raises(PermissionDenied):
        services.accept_match(match=proposed_match, actor=request.getfixturevalue(persona))


def test_accepting_twice_is_refused(proposed_match, mentor_user):
    services.accept_match(match=proposed_match, actor=mentor_user)

    with pytest.raises(ValidationError, match="The match is accepted and cannot become accepted"):
        services.accept_match(match=proposed_match, actor=mentor_user)


def test_after_a_decline_the_next_suggestion_is_proposed(
    proposed_match, mentor_user, programme_manager
):
    next_best = MentorFactory(political_group="labour")
    services.decline_match(match=proposed_match, actor=mentor_user, reason="No time this term.")
    request = proposed_match.request
    request.refresh_from_db()

    suggestions = matching.load_suggestions(request)
    second = services.propose_match(
        mentoring_request=request,
        mentor=Mentor.objects.get(pk=suggestions[0].mentor.mentor_id),
        actor=programme_manager,
    )

    assert request.status == MentoringRequest.Status.OPEN
    assert [s.mentor.mentor_id for s in suggestions] == [next_best.pk]
    assert second.mentor == next_best
    assert Match.objects.get(pk=proposed_match.pk).decline_reason == "No time this term."


def test_a_match_runs_from_proposal_to_completion(proposed_match, mentor_user, programme_manager):
    services.accept_match(match=proposed_match, actor=mentor_user)
    services.start_match(match=proposed_match, actor=mentor_user)
    completed = services.complete_match(
        match=proposed_match, actor=programme_manager, outcome="Ready for scrutiny."
    )

    assert completed.status == S.COMPLETED
    assert completed.completed_on is not None
    assert MentoringRequest.objects.get(pk=proposed_match.request_id).status == "completed"


@pytest.mark.parametrize(
    ("service", "status"),
    [
        (services.start_match, S.PROPOSED),
        (functools.partial(services.complete_match, outcome="Done."), S.PROPOSED),
        (functools.partial(services.complete_match, outcome="Done."), S.ACCEPTED),
        (services.decline_match, S.ACTIVE),
        (services.start_match, S.COMPLETED),
        (services.decline_match, S.DECLINED),
    ],
)
def test_illegal_moves_are_refused_and_change_nothing(service, status, proposed_match, mentor_user):
    Match.objects.filter(pk=proposed_match.pk).update(status=status)

    with pytest.raises(ValidationError):
        service(match=proposed_match, actor=mentor_user)

    assert Match.objects.get(pk=proposed_match.pk).status == status


def test_the_mentee_cannot_move_their_own_match(active_match, councillor):
    with pytest.raises(PermissionDenied):
        services.complete_match(match=active_match, actor=councillor, outcome="Done.")


def test_history_records_who_moved_the_match(proposed_match, mentor_user):
    from auditlog.context import set_actor

    with set_actor(mentor_user):
        services.accept_match(match=proposed_match, actor=mentor_user)

    entry = LogEntry.objects.get_for_object(proposed_match).latest("timestamp")
    assert entry.actor == mentor_user
    assert entry.changes_dict["status"] == ["proposed", "accepted"]


# Sessions and feedback -----------------------------------------------------------------------


def test_the_first_session_of_an_accepted_match_starts_it(proposed_match, mentor_user):
    services.accept_match(match=proposed_match, actor=mentor_user)

    services.log_session(
        match=proposed_match,
        held_on=datetime.date(2025, 3, 3),
        duration_minutes=60,
        private_notes="Went through the Ofsted letter.",
        actor=mentor_user,
        goals="Prepare for the next monitoring visit.",
    )

    match = Match.objects.get(pk=proposed_match.pk)
    assert match.status == S.ACTIVE
    assert match.started_on == datetime.date(2025, 3, 3)
    assert match.sessions.get().private_notes == "Went through the Ofsted letter."


def test_no_session_before_the_mentor_has_accepted(proposed_match, mentor_user):
    with pytest.raises(ValidationError, match="under way"):
        services.log_session(
            match=proposed_match,
            held_on=datetime.date(2025, 3, 3),
            duration_minutes=60,
            private_notes="",
            actor=mentor_user,
        )


@pytest.mark.parametrize("persona", ["other_councillor", "principal_adviser"])
def test_only_the_pair_and_managers_log_sessions(request, persona, active_match):
    with pytest.raises(PermissionDenied):
        services.log_session(
            match=active_match,
            held_on=datetime.date(2025, 3, 3),
            duration_minutes=60,
            private_notes="",
            actor=request.getfixturevalue(persona),
        )


def test_the_mentee_gives_feedback_once_the_match_completes(active_match, councillor, mentor_user):
    with pytest.raises(ValidationError, match="once the mentoring has finished"):
        services.give_feedback(
            match=active_match, rating=5, would_recommend=True, comments="", actor=councillor
        )
    services.complete_match(match=active_match, actor=mentor_user, outcome="Goals met.")

    feedback = services.give_feedback(
        match=active_match,
        rating=5,
        would_recommend=True,
        comments="Great.",
        actor=councillor,
        outcome="I chair scrutiny with confidence.",
    )

    assert feedback.rating == 5
    with pytest.raises(ValidationError, match="already given feedback"):
        services.give_feedback(
            match=active_match, rating=1, would_recommend=False, comments="", actor=councillor
        )


def test_the_mentor_cannot_give_the_mentees_feedback(active_match, mentor_user):
    services.complete_match(match=active_match, actor=mentor_user, outcome="Goals met.")

    with pytest.raises(PermissionDenied):
        services.give_feedback(
            match=active_match, rating=5, would_recommend=True, comments="", actor=mentor_user
        )


# The pool ------------------------------------------------------------------------------------


def test_a_programme_manager_adds_a_councillor_to_the_pool(councillor, camden, programme_manager):
    added = services.create_mentor(
        user=councillor,
        council=camden,
        political_group="green",
        experience=["scrutiny", "scrutiny", "education"],
        capacity=3,
        actor=programme_manager,
    )

    assert added.region == camden.region
    assert added.experience == ["scrutiny", "education"]


def test_only_councillors_join_the_pool(associate, leeds, programme_manager):
    with pytest.raises(ValidationError, match="Only councillors"):
        services.create_mentor(
            user=associate,
            council=leeds,
            political_group="green",
            experience=[],
            capacity=1,
            actor=programme_manager,
        )


def test_a_mentor_keeps_their_own_profile_but_not_their_council(mentor, mentor_user, camden):
    services.update_mentor(mentor=mentor, actor=mentor_user, capacity=3, is_active=False)

    mentor.refresh_from_db()
    assert (mentor.capacity, mentor.is_active) == (3, False)
    with pytest.raises(PermissionDenied):
        services.update_mentor(mentor=mentor, actor=mentor_user, council=camden)


def test_capacity_never_drops_below_the_mentees_already_taken(active_match, mentor, mentor_user):
    MatchFactory(mentor=mentor, status=S.PROPOSED)

    with pytest.raises(ValidationError, match="cannot be less than 2"):
        services.update_mentor(mentor=mentor, actor=mentor_user, capacity=1)


def test_another_councillor_cannot_edit_a_mentor(mentor, other_councillor):
    with pytest.raises(PermissionDenied):
        services.update_mentor(mentor=mentor, actor=other_councillor, capacity=1)


# Hard rules through the services, under generated sequences of actions -------------------------

ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["propose", "accept", "decline", "start", "complete"]),
        st.integers(0, 3),  # which request
        st.integers(0, 2),  # which mentor
    ),
    max_size=14,
)


@pytest.fixture
def small_pool(councils):
    """Three mentors (capacities 1, 2, 1) and four requests, one from the first mentor's council."""
    mentors = [MentorFactory(capacity=capacity) for capacity in (1, 2, 1)]
    requests = [MentoringRequestFactory() for _ in range(3)]
    requests.append(MentoringRequestFactory(mentee=CouncillorFactory(council=mentors[0].council)))
    return UserFactory(role=Role.PROGRAMME_MANAGER), mentors, requests


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions=ACTIONS)
def test_no_sequence_of_actions_breaks_a_hard_rule(actions, small_pool):
    manager, mentors, requests = small_pool
    with transaction.atomic():
        for action, which_request, which_mentor in actions:
            _attempt(action, requests[which_request], mentors[which_mentor], manager)
        for mentor in Mentor.objects.with_load():
            assert mentor.live_matches <= mentor.capacity
        assert not Match.objects.filter(mentor__council_id=F("request__council_id")).exists()
        transaction.set_rollback(True)


def _attempt(action, mentoring_request, mentor, manager):
    match = Match.objects.filter(request=mentoring_request, mentor=mentor).first()
    try:
        with transaction.atomic():
            if action == "propose":
                services.propose_match(
                    mentoring_request=mentoring_request, mentor=mentor, actor=manager
                )
            elif match is None:
                return
            elif action == "accept":
                services.accept_match(match=match, actor=mentor.user)
            elif action == "decline":
                services.decline_match(match=match, actor=mentor.user)
            elif action == "start":
                services.start_match(match=match, actor=manager)
            else:
                services.complete_match(match=match, actor=manager, outcome="Done.")
    except ValidationError:
        pass


# Own group, group offices ---------------------------------------------------------------------


def test_asking_for_ones_own_group_is_refused_while_no_such_mentor_has_a_place(councillor):
    MentorFactory(political_group="labour", capacity=1, is_active=False)
    full = MentorFactory(political_group="labour", capacity=1)
    MatchFactory(mentor=full, status=S.ACTIVE)
    MentorFactory(political_group="green")

    with pytest.raises(ValidationError, match="No Labour mentor has a place free"):
        ask(councillor, group_preference=MentoringRequest.GroupPreference.OWN_GROUP)

    assert not MentoringRequest.objects.filter(mentee=councillor).exists()


def test_an_own_group_request_is_suggested_only_mentors_of_that_group(councillor):
    labour = MentorFactory(political_group="labour")
    MentorFactory(political_group="green", experience=["led_improvement"])

    made = ask(councillor, group_preference=MentoringRequest.GroupPreference.OWN_GROUP)

    assert [s.mentor.mentor_id for s in matching.load_suggestions(made)] == [labour.pk]


def test_a_group_office_is_asked_to_nominate_and_its_answer_is_recorded(
    mentoring_request, labour_office, programme_manager
):
    referral = services.ask_group_office(
        mentoring_request=mentoring_request,
        office=labour_office,
        ask=GroupOfficeReferral.Ask.NOMINATE,
        note="Someone who has chaired an improvement board.",
        actor=programme_manager,
    )
    [email] = Notification.objects.filter(kind="group_office_asked")
    assert email.email == "lgalabour@local.gov.uk"
    assert mentoring_request.reference in email.body_text

    nominee = MentorFactory(political_group="labour")
    answered = services.record_office_answer(
        referral=referral,
        answer=GroupOfficeReferral.Answer.NOMINATED,
        mentor=nominee,
        note="She has time from March.",
        actor=programme_manager,
    )

    assert (answered.answer, answered.mentor, answered.answered_on) == (
        "nominated",
        nominee,
        datetime.date.today(),
    )
    with pytest.raises(ValidationError, match="already been recorded"):
        services.record_office_answer(
            referral=referral, answer="no_nomination", actor=programme_manager
        )


def test_an_office_with_no_contact_cannot_be_asked_and_nothing_is_saved(
    mentoring_request, programme_manager
):
    office, _ = GroupOffice.objects.update_or_create(
        political_group="green", defaults={"name": "LGA Green Group office", "contact_email": ""}
    )

    with pytest.raises(ValidationError, match="has no contact recorded"):
        services.ask_group_office(
            mentoring_request=mentoring_request,
            office=office,
            ask=GroupOfficeReferral.Ask.NOMINATE,
            actor=programme_manager,
        )

    assert not GroupOfficeReferral.objects.exists()
    assert not Notification.objects.exists()


def test_an_office_approves_only_a_mentor_of_its_own_group(
    mentoring_request, labour_office, programme_manager
):
    green = MentorFactory(political_group="green")

    with pytest.raises(ValidationError, match="Green group"):
        services.ask_group_office(
            mentoring_request=mentoring_request,
            office=labour_office,
            ask=GroupOfficeReferral.Ask.APPROVE,
            mentor=green,
            actor=programme_manager,
        )

    assert not GroupOfficeReferral.objects.exists()


# The agreement and its end ---------------------------------------------------------------------


def test_a_proposal_keeps_its_score_explained_in_parts(
    mentoring_request, mentor, programme_manager
):
    match = services.propose_match(
        mentoring_request=mentoring_request, mentor=mentor, actor=programme_manager
    )

    assert sum(points for _, points in match.score_parts) == match.score
    assert dict(match.score_parts)["Experience of leading improvement"] == 30


@pytest.mark.parametrize(
    ("kind", "planned_end"),
    [
        ("defined_period", datetime.date(2025, 9, 3)),
        ("new_portfolio_holder", datetime.date(2026, 3, 3)),
        ("sounding_board", None),
    ],
)
def test_the_first_session_starts_the_agreement_for_its_kinds_period(
    kind, planned_end, proposed_match, mentor_user
):
    MentoringRequest.objects.filter(pk=proposed_match.request_id).update(kind=kind)
    services.accept_match(match=proposed_match, actor=mentor_user)

    services.log_session(
        match=proposed_match,
        held_on=datetime.date(2025, 3, 3),
        duration_minutes=60,
        private_notes="",
        goals="Prepare for the monitoring visit.",
        actor=mentor_user,
    )

    match = Match.objects.get(pk=proposed_match.pk)
    assert (match.planned_end_on, match.goals) == (planned_end, "Prepare for the monitoring visit.")


def test_the_first_session_must_record_the_goals_agreed(active_match, mentor_user):
    with pytest.raises(ValidationError, match="goals you agreed"):
        services.log_session(
            match=active_match,
            held_on=datetime.date(2025, 3, 3),
            duration_minutes=60,
            private_notes="",
            actor=mentor_user,
        )

    assert not active_match.sessions.exists()


def test_the_end_keeps_an_outcome_from_each_side(active_match, mentor_user, councillor):
    with pytest.raises(ValidationError, match="Say what came of the mentoring"):
        services.complete_match(match=active_match, actor=mentor_user, outcome=" ")
    services.complete_match(match=active_match, actor=mentor_user, outcome="Goals met.")
    services.give_feedback(
        match=active_match,
        rating=4,
        would_recommend=True,
        comments="",
        outcome="I chair the board now.",
        actor=councillor,
    )

    match = Match.objects.get(pk=active_match.pk)
    assert (match.mentor_outcome, match.mentee_outcome) == ("Goals met.", "I chair the board now.")


# Stalled matches -------------------------------------------------------------------------------


def test_a_match_with_no_session_for_six_weeks_is_flagged_once_to_the_programme_manager(
    active_match, mentor_user, programme_manager
):
    Match.objects.filter(pk=active_match.pk).update(
        started_on=datetime.date(2025, 1, 6), goals="Goals."
    )
    active_match.sessions.create(
        held_on=datetime.date(2025, 1, 13), duration_minutes=60, logged_by=mentor_user
    )

    assert services.flag_stalled_matches(today=datetime.date(2025, 2, 23)) == 0
    assert services.flag_stalled_matches(today=datetime.date(2025, 2, 24)) == 1
    assert services.flag_stalled_matches(today=datetime.date(2025, 2, 25)) == 0

    [message] = Notification.objects.filter(kind="match_stalled")
    assert message.recipient == programme_manager
    assert "13 January 2025" in message.body_text
    assert Match.objects.get(pk=active_match.pk).stalled_flagged_on == datetime.date(2025, 2, 24)


def test_a_match_that_stalls_again_after_a_new_session_is_flagged_again(active_match, mentor_user):
    Match.objects.filter(pk=active_match.pk).update(
        started_on=datetime.date(2025, 1, 6), stalled_flagged_on=datetime.date(2025, 2, 24)
    )
    active_match.sessions.create(
        held_on=datetime.date(2025, 3, 3), duration_minutes=60, logged_by=mentor_user
    )

    assert services.flag_stalled_matches(today=datetime.date(2025, 4, 1)) == 0
    assert services.flag_stalled_matches(today=datetime.date(2025, 4, 14)) == 1
