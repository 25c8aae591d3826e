"""Signed reply links: single-purpose, for one person, and good for 14 days.

A link carries what it is for (``purpose``, also its signing salt, so a link for one purpose
never works for another), the object it answers, the person it was sent to and a ``version``
the object had when it was sent (so a link from before a change, such as new on-site dates,
is recognised as overtaken). Opening a link still needs the person signed in; whether the
object is still waiting for their answer is the area's question.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

REPLY_VALID_FOR = datetime.timedelta(days=14)


class LinkProblem(Exception):
    """A reply link that cannot be used; ``heading`` and ``text`` say why, for the page."""

    def __init__(self, heading: str, text: str, status: int = 400) -> None:
        super().__init__(heading)
        self.heading = heading
        self.text = text
        self.status = status


@dataclass(frozen=True)
class Reply:
    purpose: str
    object_id: int
    recipient_id: int
    version: str


def make_token(*, purpose: str, object_id: int, recipient: Any, version: str = "") -> str:
    payload = {"o": object_id, "u": recipient.pk, "v": version}
    return signing.dumps(payload, salt=f"notifications.reply.{purpose}", compress=True)


def reply_path(url_name: str, **kwargs: Any) -> str:
    """The path of an area's reply view for a new token (pass make_token's arguments)."""
    return reverse(url_name, args=[make_token(**kwargs)])


def expires_on(now: datetime.datetime | None = None) -> datetime.date:
    """The last day a link made now still works, for the message to say."""
    return timezone.localdate((now or timezone.now()) + REPLY_VALID_FOR)


def read_token(token: str, *, purpose: str, user: Any) -> Reply:
    """The reply a link stands for, if it is genuine, in date and for the signed-in person."""
    try:
        payload = signing.loads(
            token, salt=f"notifications.reply.{purpose}", max_age=REPLY_VALID_FOR
        )
    except signing.SignatureExpired:
        raise LinkProblem(
            "This link has expired",
            "Links in our emails work for 14 days. Sign in and find the request on your "
            "dashboard, or ask the programme team to send it again.",
            410,
        ) from None
    except signing.BadSignature:
        raise LinkProblem(
            "This link does not work",
            "Check you copied the whole link from the email, or find the request on your "
            "dashboard.",
            404,
        ) from None
    reply = Reply(purpose, int(payload["o"]), int(payload["u"]), str(payload.get("v", "")))
    if reply.recipient_id != user.pk:
        raise LinkProblem(
            "This link was sent to someone else",
            "Only the person the email was sent to can answer it. If that is you, sign out "
            "and sign in with the email address the message was sent to.",
            403,
        )
    return reply


def problem_page(request: HttpRequest, problem: LinkProblem) -> HttpResponse:
    """The clear page for a link that cannot be used; nothing has changed."""
    return render(
        request,
        "notifications/reply_problem.html",
        {"heading": problem.heading, "text": problem.text},
        status=problem.status,
    )


def reply_page(
    request: HttpRequest,
    *,
    question: str,
    yes: str,
    no: str,
    answer: Callable[[bool, str], object],
    done: str,
    page: dict[str, Any],
) -> HttpResponse:
    """The yes-or-no page behind a reply link: one answer through ``answer(accepted, reason)``,
    then on to ``done``; a refusal from the area is shown on the form."""
    from django.contrib import messages
    from django.core.exceptions import ValidationError
    from django.shortcuts import redirect

    from notifications.forms import ReplyForm

    posted = request.POST if request.method == "POST" else None
    form = ReplyForm(posted, question=question, yes=yes, no=no)
    if posted is not None and form.is_valid():
        try:
            answer(form.accepted, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, "Thank you: your answer has been sent.")
            return redirect(done)
    return render(request, "notifications/reply_form.html", {"form": form, **page})
