"""``manage.py export_personal_data EMAIL``: a subject-access export of one person, as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder

from accounts import personal_data
from accounts.models import User


class Command(BaseCommand):
    help = (
        "Print everything the portal holds about a person (a subject-access request) as JSON: "
        "the account, bookings, feedback, mentoring, engagements, audit trail and sign-ins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The person's email address")
        parser.add_argument("--output", help="Write the JSON to this file instead of the screen")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"].strip()).first()
        if user is None:
            raise CommandError(f"No one has the email address {options['email']}.")
        text = json.dumps(
            personal_data.export_person(user), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False
        )
        if options["output"]:
            path = Path(options["output"])
            path.write_text(text + "\n", encoding="utf-8")
            self.stderr.write(f"Wrote everything held about {user.email} to {path}.")
        else:
            self.stdout.write(text)
