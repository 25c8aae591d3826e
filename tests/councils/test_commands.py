"""The operator commands: load_councils and import_ofsted."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from councils.models import Council, OfstedInspection

pytestmark = pytest.mark.django_db

OFSTED = Path(__file__).resolve().parents[2] / "councils" / "data" / "ofsted"
HISTORY = OFSTED / "ilacs_inspection_history_to_2025-03.csv"


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_load_councils_loads_158_councils_and_is_idempotent(db):
    Council.objects.filter(gss_code="E09000007").update(name="Camden Town")

    first, _ = run("load_councils")
    again, _ = run("load_councils")

    assert Council.objects.count() == 158
    assert Council.objects.current().count() == 153
    assert Council.objects.get(gss_code="E09000007").name == "Camden"
    assert first.startswith("Councils loaded: 9 regions;")
    assert "0 councils added, 0 updated, 158 unchanged" in again


def test_import_ofsted_imports_a_file_and_says_so_when_run_again(councils):
    first, _ = run("import_ofsted", str(HISTORY))
    again, _ = run("import_ofsted", str(HISTORY))

    assert "Imported ilacs_inspection_history_to_2025-03.csv: added 271 inspections" in first
    assert again.startswith("Nothing to import: all 271 inspections")
    assert OfstedInspection.objects.count() == 271


def test_import_ofsted_dry_run_writes_nothing(councils):
    out, _ = run("import_ofsted", "--dry-run", str(HISTORY))

    assert "is ready to import: it adds 271 inspections" in out
    assert not OfstedInspection.objects.exists()


def test_import_ofsted_imports_every_file_in_a_folder(councils):
    out, _ = run("import_ofsted", str(OFSTED))

    assert out.count("\n") == 5
    assert OfstedInspection.objects.count() == 504


def test_import_ofsted_prints_every_bad_line_and_fails(councils, tmp_path):
    bad = tmp_path / "bad.csv"
    rows = HISTORY.read_text().splitlines()
    rows[3] = rows[3].replace("Good", "Grand", 1)
    rows[5] = rows[5].replace("E08000016", "E00000000").replace("Barnsley", "Nowhere")
    bad.write_text("\n".join(rows))
    err = io.StringIO()

    with pytest.raises(CommandError, match="1 file"):
        call_command("import_ofsted", str(bad), stdout=io.StringIO(), stderr=err)

    lines = err.getvalue().splitlines()
    assert lines[0].startswith("Line 4: “Grand” in “Overall effectiveness” is not an Ofsted grade")
    assert lines[1] == "Line 6: no council has the code E00000000 or the name “Nowhere”"
    assert not OfstedInspection.objects.exists()


def test_import_ofsted_refuses_a_missing_path(councils):
    with pytest.raises(CommandError, match="is not a file or a folder"):
        run("import_ofsted", "/no/such/file.csv")


def test_import_ofsted_refuses_a_workbook_whose_repeats_expand_past_the_limit(councils, tmp_path):
    from improvement_portal.spreadsheets import MAX_COLUMNS
    from tests.factories.spreadsheets import ods, ods_cell, ods_row

    bomb = tmp_path / "outcomes.ods"
    bomb.write_bytes(ods(("Sheet1", ods_row(ods_cell("x", 1000), rows=1_000_000))))

    with pytest.raises(CommandError, match="had problems"):
        err = io.StringIO()
        call_command("import_ofsted", str(bomb), stdout=io.StringIO(), stderr=err)

    assert f"more than {MAX_COLUMNS} columns" in err.getvalue()
    assert not OfstedInspection.objects.exists()
