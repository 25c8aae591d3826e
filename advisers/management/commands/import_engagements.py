"""Load historical engagement logs kept in spreadsheets (CSV or XLSX)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from advisers import importing


class Command(BaseCommand):
    help = (
        "Import engagements from a CSV or XLSX file with the columns council (GSS code), "
        "adviser (email), date (YYYY-MM-DD), days, strand, activity, funding, "
        "commissioned_by_dfe (yes/no) and summary. All or nothing; re-importing is a no-op."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The .csv or .xlsx file to import.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = importing.import_engagements(path=options["path"], dry_run=options["dry_run"])
        except importing.ImportFailed as failure:
            count = len(failure.errors)
            raise CommandError(
                f"{count} problem{'s' if count != 1 else ''} found; nothing was imported.\n"
                + "\n".join(failure.errors)
            ) from None
        self.stdout.write(self.style.SUCCESS(str(result)))
