"""Shared state for ``seed_demo``: the scale, one random generator, and the demo logins."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import Any


@dataclass
class DemoContext:
    scale: float
    rng: random.Random
    stdout: Any
    logins: list[tuple[str, str]] = field(default_factory=list)
    password: str = ""

    def count(self, at_scale_1: int, minimum: int = 1) -> int:
        """How many of something to make at this scale."""
        return max(minimum, round(at_scale_1 * self.scale))

    def print_logins(self) -> None:
        if not self.logins:
            return
        self.stdout.write("\nLog in at http://127.0.0.1:8000 as any of these demo users:")
        for role, email in self.logins:
            self.stdout.write(f"  {role:<32} {email}")
        if self.password:
            self.stdout.write(f"  Password for every demo user: {self.password}")
        self.stdout.write("  (also kept in .demo-credentials; local demo only)")


def last_financial_year(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last complete April-to-March year: the period the report form offers first.

    Each seeder puts some of its courses, matches and peer challenges in it, so the report a
    programme manager asks for first has something in every section.
    """
    year = (today.year if today.month >= 4 else today.year - 1) - 1
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)
