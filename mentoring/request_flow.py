"""The "ask for a mentor" journey: one question per page, answers kept in the session until
the councillor checks them and sends the request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from accounts.models import User
from improvement_portal.questions import QuestionPages
from mentoring import forms
from mentoring.models import MentoringRequest, PoliticalGroup

SESSION_KEY = "mentoring_request_answers"


@dataclass(frozen=True)
class Step:
    slug: str
    form_class: type[forms.QuestionForm]
    question: str
    question_for_manager: str
    answer_keys: tuple[str, ...]


STEPS = [
    Step(
        "councillor",
        forms.MenteeForm,
        "Who would like a mentor?",
        "Who would like a mentor?",
        ("mentee",),
    ),
    Step(
        "kind",
        forms.KindForm,
        "What kind of mentoring would you like?",
        "What kind of mentoring would the councillor like?",
        ("kind",),
    ),
    Step(
        "political-group",
        forms.PoliticalGroupForm,
        "Which political group are you in?",
        "Which political group is the councillor in?",
        ("political_group",),
    ),
    Step(
        "group-preference",
        forms.GroupPreferenceForm,
        "Would you like a mentor from your own political group?",
        "Would the councillor like a mentor from their own political group?",
        ("group_preference",),
    ),
    Step(
        "performance",
        forms.ConcernForm,
        "Is performance in your council's children's services a concern?",
        "Is performance in the council's children's services a concern?",
        ("performance_concern",),
    ),
    Step(
        "needs",
        forms.NeedsForm,
        "What would you like help with?",
        "What would the councillor like help with?",
        ("needs",),
    ),
]


def steps_for(user: Any) -> list[Step]:
    """Programme managers first say who the request is for; councillors ask for themselves."""
    return STEPS if user.is_programme_manager else STEPS[1:]


def find_step(user: Any, slug: str) -> Step | None:
    return next((step for step in steps_for(user) if step.slug == slug), None)


def question(user: Any, step: Step) -> str:
    return step.question_for_manager if user.is_programme_manager else step.question


def pages(request: HttpRequest) -> QuestionPages:
    """The journey's answers so far, in the person's session."""
    return QuestionPages(request, SESSION_KEY)


def first_unanswered(user: Any, saved: dict[str, Any], before: Step | None = None) -> Step | None:
    """The first step without an answer (only looking at steps before ``before`` if given)."""
    for step in steps_for(user):
        if step == before:
            return None
        if any(key not in saved for key in step.answer_keys):
            return step
    return None


def next_step(user: Any, step: Step) -> Step | None:
    steps = steps_for(user)
    position = steps.index(step)
    return steps[position + 1] if position + 1 < len(steps) else None


def initial_for(step: Step, saved: dict[str, Any]) -> dict[str, Any]:
    if step.form_class is forms.ConcernForm:
        return forms.ConcernForm.initial_from(saved)
    return {key: saved[key] for key in step.answer_keys if key in saved}


def mentee_for(user: Any, saved: dict[str, Any]) -> User | None:
    if not user.is_programme_manager:
        return user
    if saved.get("mentee") is None:
        return None
    return User.objects.filter(pk=saved["mentee"]).select_related("council").first()


def summary_rows(user: Any, saved: dict[str, Any], mentee: User | None) -> list[dict[str, str]]:
    """The rows of the check-your-answers summary list, each with its step to change it."""
    rows = []
    if user.is_programme_manager and mentee is not None:
        council = mentee.council.name if mentee.council else ""
        rows.append({"key": "Councillor", "value": f"{mentee} ({council})", "step": "councillor"})
    rows += [
        {
            "key": "Kind of mentoring",
            "value": MentoringRequest.Kind(saved["kind"]).label,
            "step": "kind",
        },
        {
            "key": "Political group",
            "value": PoliticalGroup(saved["political_group"]).label,
            "step": "political-group",
        },
        {
            "key": "Mentor's political group",
            "value": MentoringRequest.GroupPreference(saved["group_preference"]).label,
            "step": "group-preference",
        },
        {
            "key": "Performance is a concern",
            "value": "Yes" if saved["performance_concern"] else "No",
            "step": "performance",
        },
        {"key": "What you would like help with", "value": saved["needs"], "step": "needs"},
    ]
    return rows
