from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts import services
from accounts.roles import Role
from councils.models import Council, Region


class Command(BaseCommand):
    help = "Onboard a person with a role; email and print a one-time link to set their password."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--name", default="", help="Full name")
        parser.add_argument("--region", help="ONS region code, e.g. E12000007")
        parser.add_argument("--council", help="GSS code of the council, e.g. E09000007")
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        region = council = None
        if options["region"]:
            region = Region.objects.filter(code=options["region"]).first()
            if region is None:
                raise CommandError(f"No region with code {options['region']}.")
        if options["council"]:
            council = Council.objects.filter(gss_code=options["council"]).first()
            if council is None:
                raise CommandError(f"No council with GSS code {options['council']}.")
        try:
            user = services.onboard_user(
                email=options["email"],
                role=options["role"],
                full_name=options["name"],
                region=region,
                council=council,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        services.send_onboarding_email(user=user)
        link = options["base_url"].rstrip("/") + services.password_set_path(user)
        self.stdout.write(self.style.SUCCESS(f"{user.email} is a {user.get_role_display()}."))
        self.stdout.write(f"One-time link to set the password (also emailed):\n{link}")
