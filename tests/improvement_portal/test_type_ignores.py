"""mypy checks the product's code (``make lint``); where a line must be excused, the excuse names
the error it silences and says why on the same line, so the next engineer can tell whether it is
still true (warn_unused_ignores drops the ones mypy no longer needs)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
IGNORE = re.compile(r"#\s*type:\s*ignore")
EXPLAINED = re.compile(r"#\s*type:\s*ignore\[[a-z-]+(, *[a-z-]+)*\]  # \S")


def checked_files() -> list[Path]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    paths = [ROOT / name for name in config["files"]]
    files = [p for path in paths for p in ([path] if path.is_file() else path.rglob("*.py"))]
    return sorted(p for p in files if "migrations" not in p.parts)


def unexplained(path: Path) -> list[int]:
    """The numbers of the lines whose type: ignore lacks an error code or a reason."""
    return [
        number
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if IGNORE.search(line) and not EXPLAINED.search(line)
    ]


def test_every_type_ignore_names_its_error_and_says_why():
    files = checked_files()
    found = [f"{path.relative_to(ROOT)}:{n}" for path in files for n in unexplained(path)]

    assert len(files) > 100  # the product's modules were found
    assert found == []


def test_an_ignore_without_a_code_or_a_reason_is_found(tmp_path):
    module = tmp_path / "module.py"
    module.write_text(
        "a = 1  # type: ignore\n"
        "b = 2  # type: ignore[attr-defined]\n"
        "c = 3  # type: ignore[attr-defined]  # a Prefetch to_attr adds it\n"
    )

    assert unexplained(module) == [1, 2]
