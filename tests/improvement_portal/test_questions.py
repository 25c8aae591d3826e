"""Question pages keep a journey's answers in the session until they are sent."""

from __future__ import annotations

from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from improvement_portal.questions import QuestionPages


def _pages(path: str = "/question/", session: SessionStore | None = None) -> QuestionPages:
    request = RequestFactory().get(path)
    request.session = session if session is not None else SessionStore()
    return QuestionPages(request, "journey")


def test_answers_build_up_question_by_question_and_are_forgotten_once_sent():
    pages = _pages()
    pages.save({"council": 7})
    pages.save({"notes": "Front door"})

    assert pages.answers == {"council": 7, "notes": "Front door"}
    assert pages.has("council", "notes") and not pages.has("dates")

    pages.clear()
    assert pages.answers == {} and not pages.has("council")


def test_changing_an_answer_returns_to_the_check_page():
    assert _pages("/q/?change=1").after("/next/", "/check/") == "/check/"
    assert _pages("/q/").after("/next/", "/check/") == "/next/"


def test_the_answers_given_are_a_copy():
    pages = _pages()
    pages.save({"council": 7})
    pages.answers["council"] = 8

    assert pages.answers == {"council": 7}
