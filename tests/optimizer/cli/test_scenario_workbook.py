"""The console commands on a scenario workbook: convert both ways, the template, plan from a workbook."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers import cadre, session

from models import load_scenario
from optimizer.cli.annual import plan_annual
from optimizer.cli.check import plan_check
from optimizer.cli.obligations import plan_obligations
from optimizer.cli.scenario import plan_scenario, plan_template

RECORDS = ("units", "cadres", "institutions", "courses", "sessions", "summons", "history", "policy", "name")


@pytest.fixture
def tiny(make_scenario) -> Path:
    return make_scenario(
        tables={
            "cadres.csv": [cadre("C1", "U1"), cadre("C2", "U1", "division", "leadership")],
            "sessions.csv": [session("S1", "K1", "2020-03-02", "2020-03-13")],
        }
    )


def _run(command, args: list[str]):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(command, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_to_xlsx_and_to_folder_give_back_the_same_records(tiny: Path, tmp_path: Path) -> None:
    book, folder = tmp_path / "tiny.xlsx", tmp_path / "again"
    assert _run(plan_scenario, ["to-xlsx", str(tiny), str(book)]).exit_code == 0
    assert _run(plan_scenario, ["to-folder", str(book), str(folder)]).exit_code == 0
    original, back = load_scenario(tiny), load_scenario(folder)
    assert all(getattr(original, name) == getattr(back, name) for name in RECORDS)
    assert book.stat().st_mode & 0o044  # readable by others as any file the user makes, not private


def test_an_existing_target_is_kept_unless_forced(tiny: Path, tmp_path: Path) -> None:
    book = tmp_path / "tiny.xlsx"
    book.write_bytes(b"an older workbook")
    result = _run(plan_scenario, ["to-xlsx", str(tiny), str(book)])
    (kept,) = tmp_path.glob("tiny.previous-*.xlsx")
    assert kept.read_bytes() == b"an older workbook" and str(kept) in result.output
    assert _run(plan_scenario, ["to-xlsx", str(tiny), str(book), "--force"]).exit_code == 0
    assert len(list(tmp_path.glob("tiny.previous-*.xlsx"))) == 1
    load_scenario(book)


def test_converting_a_bad_scenario_exits_2_and_writes_nothing(make_scenario, tmp_path: Path) -> None:
    bad = make_scenario(tables={"cadres.csv": [cadre("C1", "U1", rank="boss")]})
    result = _run(plan_scenario, ["to-xlsx", str(bad), str(tmp_path / "bad.xlsx")])
    assert result.exit_code == 2 and "cadres.csv, row 2, column 'rank', value 'boss'" in result.output
    assert not list(tmp_path.glob("*bad*.xlsx"))


@pytest.mark.parametrize("args", [["to-xlsx", "SRC", "out.csv"], ["to-folder", "SRC", "out.xlsx"]])
def test_a_target_of_the_wrong_kind_is_a_usage_error(tiny: Path, tmp_path: Path, args: list[str]) -> None:
    args = [str(tiny) if a == "SRC" else str(tmp_path / a) if a.startswith("out") else a for a in args]
    assert _run(plan_scenario, args).exit_code == 2
    assert not list(tmp_path.glob("out*"))


def test_plan_template_writes_a_workbook_the_loader_judges(tmp_path: Path) -> None:
    assert _run(plan_template, ["--out", str(tmp_path / "t.xlsx")]).exit_code == 0
    assert _run(plan_template, ["--out", str(tmp_path / "t.txt")]).exit_code == 2
    result = _run(plan_obligations, ["--year", "2020", "--scenario", str(tmp_path / "t.xlsx")])
    assert result.exit_code == 2 and "t.xlsx[scenario], row 4, column 'cycle_start'" in result.output
    english = tmp_path / "en.xlsx"
    assert _run(plan_template, ["--out", str(english), "--lang", "en"]).exit_code == 0
    assert openpyxl.load_workbook(english)["cadres"]["D2"].value == "rank"


def test_plan_annual_plans_from_a_workbook_and_plan_check_checks_it(tiny: Path, tmp_path: Path) -> None:
    book, out = tmp_path / "tiny.xlsx", tmp_path / "plan"
    _run(plan_scenario, ["to-xlsx", str(tiny), str(book)])
    args = ["--year", "2020", "--scenario", str(book), "--out", str(out), "--time-limit", "5"]
    result = _run(plan_annual, [*args, "--workers", "1", "--quiet", "--no-exports"])
    assert result.exit_code == 0, result.output
    provenance = json.loads((out / "summary.json").read_text(encoding="utf-8"))["provenance"]
    assert list(provenance["files"]) == ["tiny.xlsx"] and provenance["scenario"] == str(book.resolve())
    assert _run(plan_check, [str(book), str(out)]).exit_code == 0
    assert ",S1,K1,I1,2020-03-02,2020-03-13," in (out / "assignments.csv").read_text(encoding="utf-8")


def test_plan_annual_on_a_bad_workbook_exits_2_naming_the_sheet_and_writes_nothing(
    tiny: Path, tmp_path: Path
) -> None:
    book, out = tmp_path / "tiny.xlsx", tmp_path / "plan"
    _run(plan_scenario, ["to-xlsx", str(tiny), str(book)])
    workbook = openpyxl.load_workbook(book)
    seats = [cell.value for cell in workbook["sessions"][1]].index("seats") + 1
    workbook["sessions"].cell(row=3, column=seats, value="many")
    workbook.save(book)
    result = _run(plan_annual, ["--year", "2020", "--scenario", str(book), "--out", str(out), "--quiet"])
    assert result.exit_code == 2
    assert "tiny.xlsx[sessions], row 3, column 'seats', value 'many': expected a number" in result.output
    assert not out.exists()
