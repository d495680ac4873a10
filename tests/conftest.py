"""Shared test helpers: write a tiny hand-made scenario folder from a few rows."""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# The suite draws the same examples on every run, so that CI's verdict is the commit's, not the draw's;
# HYPOTHESIS_PROFILE=explore draws new ones (a failure found so gets an @example where it failed).
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

HEADERS = {
    "units.csv": ["unit_id", "name", "parent_id", "max_away_share", "budget"],
    "cadres.csv": [
        "cadre_id",
        "name",
        "unit_id",
        "rank",
        "category",
        "top_leader",
        "young",
        "promoted_on",
        "unavailable",
    ],
    "institutions.csv": ["institution_id", "name", "kind", "city", "beds", "cost_per_day"],
    "courses.csv": ["course_id", "title", "theme", "systematic", "theory_share", "party_spirit_share"],
    "sessions.csv": [
        "session_id",
        "course_id",
        "institution_id",
        "organiser",
        "start",
        "end",
        "hours",
        "seats",
        "min_enrolment",
        "audience_ranks",
        "audience_categories",
        "cost_per_head",
        "segment_of",
    ],
    "summons.csv": ["cadre_id", "course_id", "organiser", "reason"],
    "history.csv": ["cadre_id", "course_id", "start", "end", "hours", "systematic", "online"],
}

BASE_ROWS: dict[str, list[dict[str, Any]]] = {
    "units.csv": [{"unit_id": "U1", "name": "测试局", "parent_id": ""}],
    "cadres.csv": [
        {"cadre_id": "C1", "name": "张三", "unit_id": "U1", "rank": "staff", "category": "civil_servant"},
    ],
    "institutions.csv": [
        {
            "institution_id": "I1",
            "name": "市委党校",
            "kind": "party_school",
            "city": "江州",
            "beds": "",
            "cost_per_day": "100",
        },
    ],
    "courses.csv": [
        {"course_id": "K1", "title": "理论班", "theme": "theory", "systematic": "false"},
    ],
    "sessions.csv": [
        {
            "session_id": "S1",
            "course_id": "K1",
            "institution_id": "I1",
            "organiser": "city_org",
            "start": "2020-03-02",
            "end": "2020-03-13",
            "seats": "10",
        },
    ],
    "summons.csv": [],
    "history.csv": [],
}


NO_INDICATORS = """
[policy]
# no unit indicator (R12) is owed: a tiny scenario tests its own rule; tests of R12 set the targets
summons_rate_target = 0
participation_rate_target = 0
per_capita_hours_leader = 0
per_capita_hours_other = 0
"""
TINY_TOML = 'name = "tiny"\ncycle_start = 2018\n'


def without_indicators(text: str) -> str:
    """``text`` with the R12 targets at 0 appended, unless it has a policy table or a base of its own."""
    if "[policy]" in text or any(line.startswith("base") for line in text.splitlines()):
        return text
    return text.rstrip("\n") + "\n" + NO_INDICATORS


def write_scenario(
    folder: Path,
    tables: dict[str, list[dict[str, Any]]] | None = None,
    toml: str | None = None,
    indicators: bool = False,
) -> Path:
    """Write a scenario folder: ``tables`` replace the base rows file by file.

    Without ``indicators`` the unit indicators (R12) are switched off (:func:`without_indicators`).
    """
    folder.mkdir(parents=True, exist_ok=True)
    rows = {**BASE_ROWS, **(tables or {})}
    optional = {"pinned.csv": ["cadre_id", "session_id", "note"]}
    extra = {name: header for name, header in optional.items() if name in rows}
    for name, header in {**HEADERS, **extra}.items():
        records = rows.get(name, [])
        columns = list(header) + [k for r in records for k in r if k not in header]
        columns = list(dict.fromkeys(columns))
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, columns, restval="", lineterminator="\n")
            writer.writeheader()
            writer.writerows(records)
    text = toml if toml is not None else TINY_TOML
    (folder / "scenario.toml").write_text(text if indicators else without_indicators(text), encoding="utf-8")
    return folder


@pytest.fixture
def make_scenario(tmp_path: Path):
    """``make_scenario(tables=..., toml=...)`` writes a scenario under tmp_path and returns its folder."""
    counter = iter(range(1000))

    def make(
        tables: dict[str, list[dict[str, Any]]] | None = None,
        toml: str | None = None,
        indicators: bool = False,
    ) -> Path:
        return write_scenario(tmp_path / f"scenario{next(counter)}", tables, toml, indicators)

    return make


# --- the shipped default scenario's 2020 plan, solved once a session -----------------------------
DEFAULT_PLAN_ARGS = ["--year", "2020", "--time-limit", "15", "--workers", "1", "--quiet", "--no-exports"]


@pytest.fixture(scope="session")
def default_plan_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``plan-annual`` on the shipped default scenario for 2020 (15 s, one worker, no exports): the folder."""
    from click.testing import CliRunner

    from optimizer.cli.annual import plan_annual

    out = tmp_path_factory.mktemp("default-plan") / "plan"
    result = CliRunner().invoke(plan_annual, [*DEFAULT_PLAN_ARGS, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session", autouse=True)
def _private_pseudonym_key(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """No test reads or makes the user's own pseudonym key file, nor takes a key from their environment
    (``--pseudonymize`` makes ``$XDG_CONFIG_HOME/cadre-plan/pseudonym.key`` on first use); subprocesses
    inherit the same."""
    names = ("XDG_CONFIG_HOME", "CADRE_PLAN_PSEUDONYM_KEY", "CADRE_PLAN_PSEUDONYM_KEY_FILE")
    saved = {name: os.environ.get(name) for name in names}
    for name in names[1:]:
        os.environ.pop(name, None)
    os.environ["XDG_CONFIG_HOME"] = str(tmp_path_factory.mktemp("config"))
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
