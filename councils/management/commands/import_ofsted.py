from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from councils import services


class Command(BaseCommand):
    help = (
        "Import Ofsted's published outcome files (CSV or the .ods workbook) or the portal's own "
        "export. Each file is all-or-nothing; importing a file again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="a file, or a folder of them")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report; write nothing"
        )

    def handle(self, *args: Any, paths: list[str], dry_run: bool, **options: Any) -> None:
        failed = 0
        for path in _expand(paths):
            result = services.import_ofsted_file(
                name=path.name, data=path.read_bytes(), dry_run=dry_run
            )
            for error in result.errors:
                self.stderr.write(str(error))
            if options["verbosity"] > 1:
                for change in result.changes:
                    self.stdout.write(str(change))
            style = self.style.ERROR if result.errors else self.style.SUCCESS
            self.stdout.write(style(result.summary()))
            failed += bool(result.errors)
        if failed:
            raise CommandError(f"{failed} file(s) had problems and were not imported.")


def _expand(paths: list[str]) -> list[Path]:
    files = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files += sorted(
                p for p in path.iterdir() if p.suffix.lower() in (".csv", ".ods", ".xlsx")
            )
        elif path.is_file():
            files.append(path)
        else:
            raise CommandError(f"{name} is not a file or a folder.")
    return files
