"""Every kind of notification the portal sends, as data.

A kind names its email templates (``emails/<template>_subject.txt``, ``_body.txt`` and
``_body.html``) and the switch a person may turn off to stop its emails. Required kinds have no
switch: they ask for a reply or offer something that is lost if missed (an invitation, a place
from the waiting list).
"""

from __future__ import annotations

from dataclasses import dataclass

# What a person can switch off on their notification settings, in the order shown there.
SWITCHES: dict[str, str] = {
    "bookings": "Confirmations and cancellations of your course bookings",
    "reminders": "Reminders a few days before a course",
    "mentoring_answers": "Answers to mentoring matches you are part of or manage",
    "team_answers": "Answers to peer challenge invitations, and team members no longer eligible",
    "letters": "Peer challenge feedback letters sent to your council",
    "support_requests": "Support requests routed to you",
    "reports": "Evaluation reports ready or failed",
    "accreditations": "Accreditations about to expire",
    "follow_ups": "Engagement follow-up dates arriving",
}


@dataclass(frozen=True)
class Kind:
    code: str
    template: str
    switch: str | None  # None: required, cannot be switched off

    @property
    def required(self) -> bool:
        return self.switch is None


KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in [
        Kind("booking_confirmed", "course_booking_confirmed", "bookings"),
        Kind("booking_waitlisted", "course_booking_waitlisted", "bookings"),
        Kind("booking_cancelled", "course_booking_cancelled", "bookings"),
        Kind("booking_promoted", "course_booking_promoted", None),
        Kind("session_cancelled", "course_session_cancelled", None),
        Kind("booking_reminder", "course_booking_reminder", "reminders"),
        # A programme manager's own words to everyone booked or waiting on a session.
        Kind("session_message", "course_session_message", None),
        Kind("mentor_proposed", "mentor_proposed", None),
        Kind("match_answered", "match_answered", "mentoring_answers"),
        Kind("group_office_asked", "group_office_asked", None),
        Kind("group_office_answered", "group_office_answered", "mentoring_answers"),
        Kind("match_stalled", "match_stalled", "mentoring_answers"),
        Kind("team_invitation", "team_invitation", None),
        Kind("on_site_dates_changed", "on_site_dates_changed", None),
        Kind("team_answered", "team_answered", "team_answers"),
        Kind("team_member_ineligible", "team_member_ineligible", "team_answers"),
        Kind("feedback_letter_sent", "feedback_letter_sent", "letters"),
        Kind("support_request_routed", "support_request_routed", "support_requests"),
        Kind("report_finished", "report_finished", "reports"),
        Kind("accreditation_expiring", "accreditation_expiring", "accreditations"),
        Kind("follow_up_due", "follow_up_due", "follow_ups"),
        # Sign-in emails rendered by allauth from templates/account/email/.
        Kind("account", "", None),
        Kind("account_onboarding", "account_onboarding", None),
    ]
}


def get_kind(code: str) -> Kind:
    try:
        return KINDS[code]
    except KeyError:
        raise ValueError(f"Unknown notification kind {code!r}") from None
