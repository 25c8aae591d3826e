"""Deterministic synthetic demo data on top of the real councils and Ofsted history.

Each app's seeder lives in the ``demo`` package (``demo/<app label>.py``), outside the product
apps; this command runs them in dependency order with one random generator, so the same seed
gives the same data.
"""

from __future__ import annotations

import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection


class Command(BaseCommand):
    help = "Fill the portal with deterministic demo data (same seed, same data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="1 = about 20,000 engagements")
        parser.add_argument("--seed", type=int, default=2018)

    def handle(self, *args: Any, **options: Any) -> None:
        # Imported here: the demo package is loaded by this command only.
        import demo

        context = demo.DemoContext(
            scale=options["scale"], rng=random.Random(options["seed"]), stdout=self.stdout
        )
        for app, module in demo.seeders():
            started = time.monotonic()
            summary = module.seed(context)
            self.stdout.write(f"  {app}: {summary} ({time.monotonic() - started:.1f}s)")
        # Bulk inserts leave the planner with no statistics until autovacuum gets round to
        # them (never, where it is off): without them PostgreSQL guesses two rows for any
        # filter and nests loops over tens of thousands of engagements.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        context.print_logins()
