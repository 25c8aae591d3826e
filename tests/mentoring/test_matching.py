"""The scoring function: hard rules under generated cases, and ranking on hand-built ones."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mentoring import matching
from mentoring.matching import MentorFacts, RequestFacts, suggest_mentors

GROUPS = ["labour", "conservative", "green"]
EXPERIENCE = ["led_improvement", "new_portfolio_holder", "scrutiny"]
KINDS = ["defined_period", "new_portfolio_holder", "sounding_board"]


def mentor(mentor_id: int = 1, **overrides: object) -> MentorFacts:
    fields: dict[str, object] = {
        "mentor_id": mentor_id,
        "name": f"Mentor {mentor_id:03d}",
        "council_id": 100 + mentor_id,
        "region_id": 1,
        "political_group": "green",
        "experience": frozenset(),
        "capacity": 2,
        "live_matches": 0,
        "is_active": True,
    }
    return MentorFacts(**{**fields, **overrides})  # type: ignore[arg-type]  # overrides may hold any field's type


def request(**overrides: object) -> RequestFacts:
    fields: dict[str, object] = {
        "council_id": 1,
        "region_id": 1,
        "political_group": "labour",
        "kind": "defined_period",
        "performance_concern": False,
    }
    return RequestFacts(**{**fields, **overrides})  # type: ignore[arg-type]  # overrides may hold any field's type


mentor_facts = st.builds(
    MentorFacts,
    mentor_id=st.integers(1, 40),
    name=st.sampled_from(["Ann", "Bob", "Cat"]),
    council_id=st.integers(1, 4),
    region_id=st.integers(1, 3),
    political_group=st.sampled_from(GROUPS),
    experience=st.frozensets(st.sampled_from(EXPERIENCE)),
    capacity=st.integers(1, 4),
    live_matches=st.integers(0, 6),
    is_active=st.booleans(),
)
request_facts = st.builds(
    RequestFacts,
    council_id=st.integers(1, 4),
    region_id=st.integers(1, 3),
    political_group=st.sampled_from(GROUPS),
    kind=st.sampled_from(KINDS),
    performance_concern=st.booleans(),
    excluded_mentor_ids=st.frozensets(st.integers(1, 40), max_size=5),
    own_group_only=st.booleans(),
)


@given(request_facts, st.lists(mentor_facts, max_size=30, unique_by=lambda m: m.mentor_id))
def test_never_suggests_a_mentor_who_breaks_a_hard_rule(facts, mentors):
    for suggestion in suggest_mentors(facts, mentors):
        chosen = suggestion.mentor
        assert chosen.council_id != facts.council_id
        assert chosen.is_active
        assert chosen.live_matches < chosen.capacity
        assert chosen.mentor_id not in facts.excluded_mentor_ids


@given(request_facts, st.lists(mentor_facts, max_size=30, unique_by=lambda m: m.mentor_id))
def test_suggests_every_eligible_mentor_once_best_first(facts, mentors):
    suggestions = suggest_mentors(facts, mentors)

    eligible = {m.mentor_id for m in mentors if matching.ineligibility(facts, m) is None}
    assert sorted(s.mentor.mentor_id for s in suggestions) == sorted(eligible)
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True)
    for suggestion in suggestions:
        free = suggestion.mentor.capacity - suggestion.mentor.live_matches
        assert f"{free} of {suggestion.mentor.capacity} places free" in suggestion.reasons


@given(
    request_facts.map(lambda facts: RequestFacts(**{**facts.__dict__, "own_group_only": True})),
    st.lists(mentor_facts, max_size=30, unique_by=lambda m: m.mentor_id),
)
def test_a_same_group_request_never_suggests_a_mentor_of_another_group(facts, mentors):
    suggestions = suggest_mentors(facts, mentors)

    assert all(s.mentor.political_group == facts.political_group for s in suggestions)
    same_group_eligible = {
        m.mentor_id
        for m in mentors
        if m.political_group == facts.political_group
        and matching.ineligibility(RequestFacts(**{**facts.__dict__, "own_group_only": False}), m)
        is None
    }
    assert {s.mentor.mentor_id for s in suggestions} == same_group_eligible


@given(request_facts, st.lists(mentor_facts, max_size=30, unique_by=lambda m: m.mentor_id))
def test_score_parts_add_up_to_the_score_for_every_suggestion(facts, mentors):
    for suggestion in suggest_mentors(facts, mentors):
        assert sum(points for _, points in suggestion.parts) == suggestion.score
        assert [name for name, _ in suggestion.parts] == [
            "Political group",
            "Experience of leading improvement",
            "Experience with new portfolio holders",
            "Region",
            "Places free",
        ]


def test_equal_reasons_with_different_scores_are_explained_by_the_places_free():
    roomy = mentor(1, political_group="labour", capacity=4, live_matches=1)
    tight = mentor(2, political_group="labour", capacity=4, live_matches=3)

    first, second = suggest_mentors(request(), [tight, roomy])

    assert (first.reasons[0], second.reasons[0]) == ("same political group", "same political group")
    assert dict(first.parts)["Places free"] == 15
    assert dict(second.parts)["Places free"] == 5
    assert (first.score, second.score) == (55, 45)


def test_same_political_group_ranks_above_a_different_region_alone():
    same_group = mentor(1, political_group="labour", region_id=1)
    other_region = mentor(2, political_group="green", region_id=2)

    ranked = suggest_mentors(request(), [other_region, same_group])

    assert [s.mentor.mentor_id for s in ranked] == [1, 2]
    assert ranked[0].reasons == ("same political group", "2 of 2 places free")
    assert ranked[1].reasons == ("different region", "2 of 2 places free")


def test_led_improvement_counts_only_when_performance_is_a_concern():
    improver = mentor(1, experience=frozenset({"led_improvement"}))
    same_group = mentor(2, political_group="labour")

    with_concern = suggest_mentors(request(performance_concern=True), [same_group, improver])
    without = suggest_mentors(request(performance_concern=False), [same_group, improver])

    assert [s.mentor.mentor_id for s in without] == [2, 1]
    assert "has led improvement from inadequate" in with_concern[1].reasons
    assert with_concern[1].score == matching.LED_IMPROVEMENT_WEIGHT + matching.FREE_PLACES_WEIGHT
    assert all("has led improvement" not in r for s in without for r in s.reasons)


def test_reasons_are_in_words_with_the_places_free():
    chosen = mentor(
        1,
        political_group="labour",
        region_id=2,
        experience=frozenset({"led_improvement"}),
        capacity=3,
        live_matches=2,
    )

    [suggestion] = suggest_mentors(request(performance_concern=True), [chosen])

    assert suggestion.reasons == (
        "same political group",
        "has led improvement from inadequate",
        "different region",
        "1 of 3 places free",
    )
    assert suggestion.score == 40 + 30 + 10 + round(20 / 3)


def test_new_portfolio_holders_prefer_mentors_who_have_supported_them():
    supporter = mentor(1, experience=frozenset({"new_portfolio_holder"}))
    other = mentor(2)

    ranked = suggest_mentors(request(kind="new_portfolio_holder"), [other, supporter])

    assert ranked[0].mentor.mentor_id == 1
    assert "has supported new portfolio holders" in ranked[0].reasons


def test_ties_go_to_more_free_places_then_name():
    one_free = mentor(1, name="Alice", capacity=2, live_matches=1)
    two_free = mentor(2, name="Zed", capacity=4, live_matches=2)
    two_free_twin = mentor(3, name="Bea", capacity=4, live_matches=2)

    ranked = suggest_mentors(request(), [one_free, two_free, two_free_twin])

    assert {s.score for s in ranked} == {10}
    assert [s.mentor.name for s in ranked] == ["Bea", "Zed", "Alice"]


def test_a_mentor_at_capacity_paused_or_from_the_same_council_is_not_suggested():
    full = mentor(1, capacity=2, live_matches=2)
    paused = mentor(2, is_active=False)
    neighbour = mentor(3, council_id=1)
    tried = mentor(4)
    fine = mentor(5)

    ranked = suggest_mentors(
        request(excluded_mentor_ids=frozenset({4})), [full, paused, neighbour, tried, fine]
    )

    assert [s.mentor.mentor_id for s in ranked] == [5]
    assert matching.ineligibility(request(), neighbour) == "is from the mentee's own council"
    assert matching.ineligibility(request(), full) == "has no places free"
    assert matching.ineligibility(request(), paused) == "is paused"


def test_scores_two_thousand_mentors_in_one_pass(monkeypatch):
    """Each mentor is checked and scored once, so the work grows with the pool, not its square."""
    mentors = [
        mentor(
            n,
            council_id=n % 150,
            region_id=n % 9,
            political_group=GROUPS[n % 3],
            experience=frozenset(EXPERIENCE[: n % 4]),
            capacity=1 + n % 4,
            live_matches=n % 3,
        )
        for n in range(2000)
    ]
    calls = {"checked": 0, "scored": 0}
    check, score = matching.ineligibility, matching.score_mentor

    def counting_check(*args, **kwargs):
        calls["checked"] += 1
        return check(*args, **kwargs)

    def counting_score(*args, **kwargs):
        calls["scored"] += 1
        return score(*args, **kwargs)

    monkeypatch.setattr(matching, "ineligibility", counting_check)
    monkeypatch.setattr(matching, "score_mentor", counting_score)
    ranked = suggest_mentors(request(performance_concern=True), mentors)

    assert len(ranked) > 1000
    assert calls == {"checked": 2000, "scored": len(ranked)}
    assert len({s.mentor.mentor_id for s in ranked}) == len(ranked)
    assert [s.score for s in ranked] == sorted((s.score for s in ranked), reverse=True)
