"""The summary's sentences, written from the figures: each case a reader could meet."""

from __future__ import annotations

from typing import Any

from reports import comparison, narrative


def group(improved: int, maintained: int, declined: int, not_reinspected: int = 0) -> dict:
    figure = {
        "improved": improved,
        "maintained": maintained,
        "declined": declined,
        "not_reinspected": not_reinspected,
    }
    kept, judged = improved + maintained, improved + maintained + declined
    figure["percent_improved_or_maintained"] = round(100 * kept / judged, 1) if judged else None
    return comparison.with_interval(figure)


def evaluation(engaged: dict, others: dict | None, **overrides: Any) -> dict[str, Any]:
    others = others or group(0, 0, 0)
    data: dict[str, Any] = {
        "period": {"start": "2018-04-01", "end": "2020-03-31", "as_of": "2020-03-31"},
        "councils_engaged": 40,
        "adviser_days": 120.5,
        "adviser_days_by": {
            "strand": [
                {"key": "lead_member", "label": "Lead member support", "days": 20.5},
                {"key": "intensive", "label": "Intensive support", "days": 100.0},
                {"key": "peer_challenge", "label": "Peer challenge", "days": 0.0},
                {"key": "other", "label": "Other", "days": 0.0},
            ]
        },
        "leadership": engaged,
        "comparison": {"councils": sum(others[k] for k in comparison.RESULTS), **others},
        "difference_points": comparison.difference_points(engaged, others),
        "ri_or_inadequate": {"at_start": 20, "at_end": 13, "percent_change": -35.0},
        "courses": {
            "sessions_run": 4,
            "places_booked": 100,
            "attended": 88,
            "attendance_percent": 88.0,
            "feedback_responses": 50,
            "mean_rating": 4.3,
            "percent_would_recommend": 92.0,
        },
        "mentoring": {"matches_made": 12, "completed": 5, "active_at_end": 7},
        "peer_challenges": {"completed": 3, "by_region": [{}, {}]},
    }
    data.update(overrides)
    return data


def test_a_clear_difference_is_called_clear_when_the_intervals_do_not_overlap():
    engaged = group(27, 3, 0)  # 100.0%, 88.6 to 100.0
    others = group(10, 10, 20)  # 50.0%, 35.2 to 64.8

    sentences = narrative.leadership(evaluation(engaged, others))

    assert sentences == [
        "Of the 30 councils advisers worked with that Ofsted has re-inspected since, 100.0% "
        "improved or maintained their leadership judgement (27 improved, 3 maintained, "
        "0 declined; 95% interval 88.6% to 100.0%).",
        "Of the 40 councils not engaged that Ofsted has re-inspected since the start of the "
        "period, 50.0% improved or maintained theirs (95% interval 35.2% to 64.8%).",
        "The share for councils engaged was 50.0 points higher: a clear difference, larger "
        "than chance alone would be likely to give, since the two groups' 95% intervals do "
        "not overlap.",
    ]


def test_an_overlap_is_said_to_be_within_what_chance_alone_could_give():
    engaged = group(20, 5, 5)  # 83.3%, 66.4 to 92.7
    others = group(30, 13, 7)  # 86.0%, 73.8 to 93.0

    sentences = narrative.leadership(evaluation(engaged, others))

    assert sentences[-1] == (
        "The share for councils engaged was 2.7 points lower: a difference within the range "
        "chance alone could give, since the two groups' 95% intervals overlap."
    )


def test_with_no_comparison_councils_the_summary_says_there_is_nothing_to_set_against():
    data = evaluation(group(3, 1, 0), None)

    sentences = narrative.leadership(data)

    assert data["comparison"]["councils"] == 0
    assert sentences[-1] == (
        "Every council in scope was engaged in the period, so there is no comparison group "
        "of councils without support to set this against."
    )


def test_with_no_judged_council_the_summary_says_it_cannot_say_yet():
    data = evaluation(group(0, 0, 0, not_reinspected=12), group(0, 0, 0, not_reinspected=9))

    sentences = narrative.leadership(data)

    assert sentences == [
        "None of the 40 councils advisers worked with has been re-inspected by Ofsted since "
        "its first engagement in the period, so the report cannot yet say whether their "
        "leadership judgements changed.",
        "None of the 9 councils not engaged has been re-inspected since the start of the "
        "period, so there is nothing yet to compare against.",
    ]
    assert not any("interval" in s for s in narrative.limits(data))


def test_what_was_delivered_names_each_strand_and_says_when_nothing_ran():
    data = evaluation(
        group(3, 1, 0),
        None,
        courses={"sessions_run": 0, "places_booked": 0, "attended": 0},
        mentoring={"matches_made": 0, "completed": 0, "active_at_end": 0},
        peer_challenges={"completed": 0, "by_region": []},
    )

    assert narrative.delivered(data) == [
        "Advisers spent 120.5 days with 40 councils: 20.5 on lead member support and 100 on "
        "intensive support.",
        "No Leadership Essentials sessions ran in the period.",
        "No councillor mentoring match was made, under way or completed in the period.",
        "No children's services peer challenge was completed in the period.",
    ]


def test_what_was_delivered_counts_courses_mentoring_and_peer_challenges():
    sentences = narrative.delivered(evaluation(group(3, 1, 0), None))

    assert sentences[1:] == [
        "4 Leadership Essentials sessions ran; 88 of the 100 places booked were attended "
        "(88.0%), and those who gave feedback rated them 4.3 out of 5 on average, 92.0% "
        "saying they would recommend them.",
        "12 councillor mentoring matches were made and 5 completed; 7 were under way at the "
        "end of the period.",
        "3 peer challenges were completed, in 2 regions.",
    ]


def test_the_change_in_councils_judged_ri_or_inadequate_reads_as_a_fall_or_a_rise():
    fall = evaluation(group(1, 0, 0), None)
    rise = evaluation(
        group(1, 0, 0), None, ri_or_inadequate={"at_start": 4, "at_end": 6, "percent_change": 50.0}
    )

    assert narrative.ri_change(fall) == (
        "20 councils were judged requires improvement or inadequate overall at the start of "
        "the period and 13 at the end: a fall of 35.0%."
    )
    assert narrative.ri_change(rise) == (
        "4 councils were judged requires improvement or inadequate overall at the start of "
        "the period and 6 at the end: a rise of 50.0%."
    )


def test_the_limits_make_the_size_of_one_council_concrete():
    sentences = narrative.limits(evaluation(group(3, 1, 0, not_reinspected=2), None))

    assert "2 councils engaged have not been re-inspected yet" in sentences[1]
    assert "one council moves the percentage by 25.0 points" in sentences[2]


def test_the_published_evaluation_is_quoted_and_the_differences_explained():
    paragraphs = narrative.published_comparison(evaluation(group(3, 1, 0), None))

    assert paragraphs[0] == (
        "The independent evaluation of 2018 to 2020 reported that 83% of the councils "
        "supported improved or maintained their Ofsted leadership judgement, and a 35% fall "
        "in councils judged requires improvement or inadequate. This report covers the same "
        "period and finds 100.0% improved or maintained and a 35.0% fall."
    )
    assert "may differ from the published one" in paragraphs[1]
    assert "definitions are set out in full" in paragraphs[1]
