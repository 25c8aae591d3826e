"""GOV.UK question pages: a journey of one question a page, its answers kept in the person's
session until they check them and send them (booking a place, asking for a mentor, asking
for a peer challenge)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest


class QuestionPages:
    """The answers of one journey, under one session key."""

    def __init__(self, request: HttpRequest, key: str) -> None:
        self.request = request
        self.key = key

    @property
    def answers(self) -> dict[str, Any]:
        """The answers so far (a copy: change them with ``save``)."""
        return dict(self.request.session.get(self.key, {}))

    def has(self, *names: str) -> bool:
        return all(name in self.request.session.get(self.key, {}) for name in names)

    def save(self, new: Mapping[str, Any]) -> None:
        self.request.session[self.key] = {**self.answers, **new}

    def clear(self) -> None:
        """Forget the journey (it was sent, or starts again)."""
        self.request.session.pop(self.key, None)

    @property
    def changing(self) -> bool:
        """Whether this question was opened from the check page to change an answer."""
        return bool(self.request.GET.get("change"))

    def after(self, following: str, check: str) -> str:
        """Where to go once the question is answered: back to the check page when changing an
        answer, the following question otherwise."""
        return check if self.changing else following
