"""python manage.py evaluation_report --start DATE --end DATE [--as-of DATE] [--region CODE]
[--format json|pdf] [--output PATH]: the evaluation's metrics as JSON, or its PDF."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from councils.models import Region
from reports import builders, document
from reports.queries import Scope


def iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{value!r} is not a date in the form YYYY-MM-DD") from error


class Command(BaseCommand):
    help = "Print the evaluation metrics for a period as JSON, or write the report as a PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--start", required=True, help="First day of the period, YYYY-MM-DD")
        parser.add_argument("--end", required=True, help="Last day of the period, YYYY-MM-DD")
        parser.add_argument(
            "--as-of", help="Count inspections published up to this date (default: --end)"
        )
        parser.add_argument("--region", help="ONS region code (E12...); default: England")
        parser.add_argument("--format", choices=["json", "pdf"], default="json")
        parser.add_argument("--output", help="Write to this file instead of standard output")

    def handle(self, *args: Any, **options: Any) -> None:
        scope = self._scope(options)
        evaluation = builders.build_evaluation(scope)
        if options["format"] == "json":
            text = json.dumps(builders.contract_view(evaluation), indent=2) + "\n"
            if options["output"]:
                Path(options["output"]).write_text(text)
            else:
                self.stdout.write(text, ending="")
            return
        if not options["output"]:
            raise CommandError("--format pdf needs --output PATH")
        data = document.render_evaluation_pdf(evaluation, generated_at=timezone.localtime())
        Path(options["output"]).write_bytes(data)
        self.stderr.write(f"Wrote {options['output']} ({len(data):,} bytes)")

    def _scope(self, options: dict[str, Any]) -> Scope:
        start, end = iso_date(options["start"]), iso_date(options["end"])
        as_of = iso_date(options["as_of"]) if options["as_of"] else end
        if end < start:
            raise CommandError("--end must be on or after --start")
        if as_of < end:
            raise CommandError("--as-of must be on or after --end")
        region = None
        if options["region"]:
            region = Region.objects.filter(code=options["region"]).first()
            if region is None:
                codes = ", ".join(Region.objects.values_list("code", flat=True))
                raise CommandError(f"Unknown region {options['region']!r}; use one of: {codes}")
        return Scope(start=start, end=end, as_of=as_of, region=region)
