"""Shared state for ``seed_demo``: the scale, one random generator, and the demo logins."""

from __future__ import annotations

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
