"""The report's summary in plain English, written from the figures (never typed in by hand).

Each function takes the evaluation (the plain data ``reports.builders`` returns) and gives back
sentences. They say what was delivered, what changed and with what certainty, and what the
figures cannot show, so a programme manager can send the first page as it stands.
"""

from __future__ import annotations

from typing import Any

from reports import comparison, tables

PUBLISHED_PERCENT = 83
PUBLISHED_FALL = 35


def _pct(value: float) -> str:
    return f"{float(value):.1f}%"


def _points(value: float) -> str:
    return f"{abs(float(value)):.1f} point{'' if abs(float(value)) == 1 else 's'}"


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _interval(interval: list[float] | None) -> str:
    return f"{interval[0]:.1f}% to {interval[1]:.1f}%" if interval else ""


def _list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def delivered(evaluation: dict[str, Any]) -> list[str]:
    """What the programme delivered: councils reached, adviser days, courses, mentoring, peers."""
    return [
        _engagement_sentence(evaluation),
        _courses_sentence(evaluation["courses"]),
        _mentoring_sentence(evaluation["mentoring"]),
        _challenges_sentence(evaluation["peer_challenges"]),
    ]


def _engagement_sentence(evaluation: dict[str, Any]) -> str:
    councils = evaluation["councils_engaged"]
    if not councils:
        return "No adviser engagement was recorded in the period."
    strands = [
        f"{tables.number(b['days'])} on "
        + ("other work" if b["key"] == "other" else b["label"].lower())
        for b in evaluation["adviser_days_by"]["strand"]
        if b["days"]
    ]
    days = tables.number(evaluation["adviser_days"])
    return (
        f"Advisers spent {days} day{'' if days == '1' else 's'} with "
        f"{_count(councils, 'council', 'councils')}" + (f": {_list(strands)}." if strands else ".")
    )


def _courses_sentence(courses: dict[str, Any]) -> str:
    if not courses["sessions_run"]:
        return "No Leadership Essentials sessions ran in the period."
    sentence = (
        f"{_count(courses['sessions_run'], 'Leadership Essentials session', 'Leadership Essentials sessions')} "
        f"ran; {courses['attended']} of the {courses['places_booked']} places booked were attended"
    )
    if courses["attendance_percent"] is not None:
        sentence += f" ({_pct(courses['attendance_percent'])})"
    if courses["feedback_responses"]:
        sentence += (
            f", and those who gave feedback rated them {courses['mean_rating']} out of 5 on "
            f"average, {_pct(courses['percent_would_recommend'])} saying they would recommend them"
        )
    return sentence + "."


def _mentoring_sentence(mentoring: dict[str, Any]) -> str:
    made, completed, active = (
        mentoring["matches_made"],
        mentoring["completed"],
        mentoring["active_at_end"],
    )
    if not (made or completed or active):
        return "No councillor mentoring match was made, under way or completed in the period."
    return (
        f"{_count(made, 'councillor mentoring match was', 'councillor mentoring matches were')} "
        f"made and {completed} completed; {active} {'was' if active == 1 else 'were'} "
        "under way at the end of the period."
    )


def _challenges_sentence(challenges: dict[str, Any]) -> str:
    completed = challenges["completed"]
    if not completed:
        return "No children's services peer challenge was completed in the period."
    regions = len(challenges["by_region"])
    return (
        f"{_count(completed, 'peer challenge was', 'peer challenges were')} completed, "
        f"in {_count(regions, 'region', 'regions')}."
    )


def leadership(evaluation: dict[str, Any]) -> list[str]:
    """The leadership headline against the comparison group, with how certain it is."""
    engaged, others = evaluation["leadership"], evaluation["comparison"]
    sentences = [_engaged_sentence(evaluation["councils_engaged"], engaged)]
    sentences += _comparison_sentences(engaged, others)
    return sentences


def _engaged_sentence(councils: int, engaged: dict[str, Any]) -> str:
    judged = comparison.judged(engaged)
    if not councils:
        return "No council was engaged in the period, so there are no leadership judgements to compare."
    if not judged:
        return (
            f"None of the {_count(councils, 'council', 'councils')} advisers worked with has been "
            "re-inspected by Ofsted since its first engagement in the period, so the report "
            "cannot yet say whether their leadership judgements changed."
        )
    return (
        f"Of the {_count(judged, 'council', 'councils')} advisers worked with that Ofsted has "
        f"re-inspected since, {_pct(engaged['percent_improved_or_maintained'])} improved or "
        f"maintained their leadership judgement ({engaged['improved']} improved, "
        f"{engaged['maintained']} maintained, {engaged['declined']} declined; 95% interval "
        f"{_interval(engaged['interval_95'])})."
    )


def _comparison_sentences(engaged: dict[str, Any], others: dict[str, Any]) -> list[str]:
    if not others["councils"]:
        return [
            "Every council in scope was engaged in the period, so there is no comparison group "
            "of councils without support to set this against."
        ]
    if not comparison.judged(others):
        return [
            f"None of the {_count(others['councils'], 'council', 'councils')} not engaged has "
            "been re-inspected since the start of the period, so there is nothing yet to "
            "compare against."
        ]
    sentences = [
        f"Of the {_count(comparison.judged(others), 'council', 'councils')} not engaged that "
        "Ofsted has re-inspected since the start of the period, "
        f"{_pct(others['percent_improved_or_maintained'])} improved or maintained theirs "
        f"(95% interval {_interval(others['interval_95'])})."
    ]
    if comparison.judged(engaged):
        sentences.append(difference_sentence(engaged, others))
    return sentences


def intervals_overlap(first: list[float], second: list[float]) -> bool:
    return first[0] <= second[1] and second[0] <= first[1]


def difference_sentence(engaged: dict[str, Any], others: dict[str, Any]) -> str:
    """Engaged against not engaged, said no more strongly than the intervals allow."""
    difference = comparison.difference_points(engaged, others)
    if difference is None:
        return ""
    if difference == 0:
        return "The two groups did equally well: a difference of 0.0 points."
    direction = "higher" if difference > 0 else "lower"
    if intervals_overlap(engaged["interval_95"], others["interval_95"]):
        return (
            f"The share for councils engaged was {_points(difference)} {direction}: a difference within "
            "the range chance alone could give, since the two groups' 95% intervals overlap."
        )
    return (
        f"The share for councils engaged was {_points(difference)} {direction}: a clear difference, "
        "larger than chance alone would be likely to give, since the two groups' 95% "
        "intervals do not overlap."
    )


def ri_change(evaluation: dict[str, Any]) -> str:
    """The change in councils judged requires improvement or inadequate overall."""
    ri = evaluation["ri_or_inadequate"]
    start, end, change = ri["at_start"], ri["at_end"], ri["percent_change"]
    if not (start or end):
        return (
            "No council was judged requires improvement or inadequate overall at the start "
            "or the end of the period."
        )
    counted = (
        f"{_count(start, 'council was', 'councils were')} judged requires improvement or "
        f"inadequate overall at the start of the period and {end} at the end"
    )
    if change is None:
        return f"{counted}."
    if change == 0:
        return f"{counted}: no change."
    return f"{counted}: a {'fall' if change < 0 else 'rise'} of {_pct(abs(change))}."


def limits(evaluation: dict[str, Any]) -> list[str]:
    """What the figures cannot show, with the numbers that make each caution concrete."""
    engaged = evaluation["leadership"]
    judged = comparison.judged(engaged)
    sentences = [
        "These figures count what happened; they do not show that support caused it. Councils "
        "were not chosen for support at random: advisers work mostly with councils judged "
        "inadequate or requiring improvement, which can only stay or rise, so the table by "
        "baseline grade compares councils that started from the same grade."
    ]
    if engaged["not_reinspected"]:
        sentences.append(
            f"{_count(engaged['not_reinspected'], 'council engaged has', 'councils engaged have')} "
            "not been re-inspected yet and "
            f"{'is' if engaged['not_reinspected'] == 1 else 'are'} left out of the percentage, "
            "which will change as Ofsted publishes."
        )
    if judged:
        sentences.append(
            f"With {_count(judged, 'council', 'councils')} re-inspected, one council moves the "
            f"percentage by {100 / judged:.1f} points; the 95% interval is the range of "
            "percentages these results are consistent with (a Wilson score interval)."
        )
    return sentences


def published_comparison(evaluation: dict[str, Any]) -> list[str]:
    """How the figures relate to the published 2018–20 evaluation, and why they may differ."""
    leadership_figure = evaluation["leadership"]["percent_improved_or_maintained"]
    change = evaluation["ri_or_inadequate"]["percent_change"]
    period = evaluation["period"]
    same = (period["start"], period["end"]) == ("2018-04-01", "2020-03-31")
    ours = _list(
        [
            f"{_pct(leadership_figure)} improved or maintained"
            if leadership_figure is not None
            else "no leadership percentage yet (no council engaged has been re-inspected)",
            f"a {_pct(abs(change))} {'fall' if change < 0 else 'rise'}"
            if change
            else "no change in councils judged requires improvement or inadequate",
        ]
    )
    return [
        f"The independent evaluation of 2018 to 2020 reported that {PUBLISHED_PERCENT}% of the "
        "councils supported improved or maintained their Ofsted leadership judgement, and a "
        f"{PUBLISHED_FALL}% fall in councils judged requires improvement or inadequate. "
        + (
            "This report covers the same period and finds "
            if same
            else f"This report covers {tables.format_date(tables.as_date(period['start']))} to "
            f"{tables.format_date(tables.as_date(period['end']))} and finds "
        )
        + f"{ours}.",
        "A count on this report's definitions may differ from the published one: the baseline "
        "is each council's latest leadership judgement before its first engagement in the "
        "period and the outcome the latest published by "
        f"{tables.format_date(tables.as_date(period['as_of']))}; councils not yet re-inspected "
        "are left out rather than counted as maintained; a council formed by a merger or split "
        "inherits no judgement from the councils it replaced; and engagements are the portal's "
        "own records. The definitions are set out in full at the end of this report.",
    ]


def summary(evaluation: dict[str, Any]) -> list[dict[str, Any]]:
    """The one-page summary: headed sections of generated sentences."""
    return [
        {"heading": "What the programme delivered", "paragraphs": delivered(evaluation)},
        {
            "heading": "What changed",
            "paragraphs": [*leadership(evaluation), ri_change(evaluation)],
        },
        {"heading": "What these figures cannot show", "paragraphs": limits(evaluation)},
    ]
