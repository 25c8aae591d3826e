"""Synthetic demo data, loaded only by ``seed_demo``: never part of the product apps.

Each app's seeder is ``demo/<app label>.py`` with ``seed(context) -> str`` (a summary line) and,
if it builds on other apps' demo data, ``AFTER = ("<app label>", ...)``. ``seed_demo`` finds the
seeders through the app registry and runs each after the ones it names, otherwise in
``INSTALLED_APPS`` order, with one random generator, so the same seed gives the same data.
"""

from __future__ import annotations

import datetime
import importlib
import importlib.util
import random
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from django.apps import apps


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


def seeders() -> list[tuple[str, ModuleType]]:
    """Every installed app's seeder with its app label, each after those named in its AFTER."""
    found: dict[str, ModuleType] = {}
    for config in apps.get_app_configs():
        name = f"{__name__}.{config.label}"
        if importlib.util.find_spec(name) is not None:
            found[config.label] = importlib.import_module(name)
    return in_order(found)


def in_order(found: dict[str, Any]) -> list[tuple[str, Any]]:
    """The seeders each after those named in its AFTER, otherwise in the order given."""
    ordered: list[str] = []

    def place(label: str, waiting: tuple[str, ...] = ()) -> None:
        if label in ordered:
            return
        if label in waiting:
            raise ValueError(f"Demo seeders wait for each other: {' -> '.join((*waiting, label))}")
        for earlier in getattr(found[label], "AFTER", ()):
            if earlier in found:
                place(earlier, (*waiting, label))
        ordered.append(label)

    for label in found:
        place(label)
    return [(label, found[label]) for label in ordered]
