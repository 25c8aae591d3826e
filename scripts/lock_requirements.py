"""Print exact pins of the installed runtime dependencies, for ``requirements.lock``.

Starts from ``[project].dependencies`` in pyproject.toml (extras included, development tools
left out) and follows each installed package's own requirements, as ``pip freeze`` would list
them: the file ``make audit`` checks for known vulnerabilities.

    .venv/bin/python scripts/lock_requirements.py > requirements.lock
"""

from __future__ import annotations

import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
HEADER = (
    "# Exact versions of the portal's runtime dependencies as installed, from pyproject.toml.\n"
    "# Made by `make lock` (scripts/lock_requirements.py); checked by `make audit`.\n"
)


def runtime_pins(requirements: list[str]) -> dict[str, str]:
    """Every package the requirements pull in, transitively, with its installed version."""
    pins: dict[str, str] = {}
    seen: set[tuple[str, frozenset[str]]] = set()
    pending = [Requirement(text) for text in requirements]
    while pending:
        requirement = pending.pop()
        name = canonicalize_name(requirement.name)
        key = (name, frozenset(requirement.extras))
        if key in seen:
            continue
        seen.add(key)
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            sys.exit(f"{name} is required but not installed: run `make install` first.")
        pins[name] = distribution.version
        for text in distribution.requires or []:
            child = Requirement(text)
            if child.marker is None or any(
                child.marker.evaluate({"extra": extra}) for extra in {"", *requirement.extras}
            ):
                pending.append(child)
    return pins


def main() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = runtime_pins(project["dependencies"])
    sys.stdout.write(HEADER + "".join(f"{name}=={pins[name]}\n" for name in sorted(pins)))


if __name__ == "__main__":
    main()
