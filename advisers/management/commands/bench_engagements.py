"""Benchmark the engagement list and CSV export with many rows (see advisers/benchmark.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from advisers import benchmark


class Command(BaseCommand):
    help = "Fill the engagement table to --rows and measure the list and the streamed export."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, default=100_000)
        parser.add_argument(
            "--cleanup", action="store_true", help="remove the benchmark rows afterwards"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        small, large = benchmark.run(options["rows"])
        self.stdout.write(str(small))
        self.stdout.write(str(large))
        same = small.list_queries == large.list_queries
        self.stdout.write(
            f"List queries constant: {'yes' if same else 'NO'}; export peak grew "
            f"{large.export_peak_mb / max(small.export_peak_mb, 0.001):.1f}x for "
            f"{large.rows / max(small.rows, 1):.0f}x the rows."
        )
        if options["cleanup"]:
            self.stdout.write(f"Removed {benchmark.cleanup()} benchmark engagements.")
