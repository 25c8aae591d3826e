"""``manage.py erase_person EMAIL``: anonymise a councillor, keeping the programme's figures.

See ``accounts.personal_data`` for what is blanked, what is kept and why.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from accounts import personal_data
from accounts.models import User


class DryRun(Exception):
    """Raised inside the transaction of a dry run, so that nothing is kept."""


class Command(BaseCommand):
    help = (
        "Anonymise a person: their bookings, feedback and mentoring records lose the free text "
        "about them, and the account becomes 'Erased person N' that cannot sign in. Counts, "
        "ratings, statuses and dates are kept, so the programme's figures do not change."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The person's email address")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change, change nothing"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Erase a programme manager or adviser too (their records are the programme's)",
        )
        parser.add_argument("--by", help="Email of the programme manager asking for the erasure")

    def handle(self, *args: Any, **options: Any) -> None:
        user = _find(options["email"])
        actor = _find(options["by"]) if options["by"] else None
        if actor is not None and not actor.is_programme_manager:
            raise CommandError(f"{actor.email} is not a programme manager.")
        try:
            personal_data.check_erasable(user, force=options["force"])
        except personal_data.ErasureRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        if personal_data.is_erased(user):
            self.stdout.write(f"{user.email} has already been erased: nothing to do.")
            return
        if options["dry_run"]:
            self._report(user, _dry_run(user, actor), "Would change")
            self.stdout.write("Dry run: nothing was changed.")
            return
        if not options["yes"] and not self._confirmed(user):
            raise CommandError("Nothing was erased.")
        who = f"{user.full_name} <{user.email}>"
        changes = personal_data.erase_person(user, actor=actor, force=options["force"])
        self._report(user, changes, "Changed")
        user.refresh_from_db()
        self.stdout.write(self.style.SUCCESS(f"{who} is now {user.full_name}."))

    def _confirmed(self, user: User) -> bool:
        prompt = (
            f"Erase {user.full_name} <{user.email}>? Their name, email address and what they "
            "wrote cannot be brought back. Type 'yes' to erase: "
        )
        try:
            return input(prompt).strip().lower() == "yes"
        except EOFError:
            return False

    def _report(self, user: User, changes: dict[str, dict[str, int]], verb: str) -> None:
        self.stdout.write(f"{verb} for {user.email}:")
        for area, counts in changes.items():
            for what, count in counts.items():
                self.stdout.write(f"  {area}: {what}: {count}")


def _find(email: str) -> User:
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise CommandError(f"No one has the email address {email}.")
    return user


def _dry_run(user: User, actor: User | None) -> dict[str, dict[str, int]]:
    changes: dict[str, dict[str, int]] = {}
    try:
        with transaction.atomic():
            changes = personal_data.erase_person(user, actor=actor, force=True)
            raise DryRun
    except DryRun:
        pass
    return changes
