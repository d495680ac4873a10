"""The open-audience family of the generator (issue 16, point 1), next to the narrow one it leaves alone."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from models import Ledger, Scenario, load_scenario
from scenarios.generator import SIZES, generate_scenario, main
from scenarios.generator.breadth import eligible_runs
from scenarios.generator.breadth import main as breadth_main

FILES = (
    "scenario.toml",
    "units.csv",
    "cadres.csv",
    "institutions.csv",
    "courses.csv",
    "sessions.csv",
    "summons.csv",
    "history.csv",
)
ALL_RANKS = "bureau;division;section;staff"


def read(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def digest(folder: Path) -> str:
    sha = hashlib.sha256()
    for name in FILES:
        sha.update((folder / name).read_bytes())
    return sha.hexdigest()


def runs_of(scenario: Scenario) -> int:
    return sum(1 for segments in scenario.segments_by_group.values() if segments[0].start.year == 2020)


def pair_by_pair(scenario: Scenario) -> np.ndarray:
    """Eligible runs per cadre, the slow way: every (cadre, run) pair checked."""
    ledger = Ledger(scenario, 2020)
    runs = [s for s in scenario.segments_by_group.values() if s[0].start.year == 2020]
    return np.array(
        [
            sum(
                all(
                    scenario.is_eligible_audience(cadre, s) and cadre.is_available(s.start, s.end)
                    for s in run
                )
                and run[0].course_id not in ledger[cadre.cadre_id].courses_taken
                for run in runs
            )
            for cadre in scenario.cadres
        ]
    )


@pytest.fixture(scope="module")
def city_open(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_scenario(tmp_path_factory.mktemp("city-open"), "city-open")


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        # sha256 of the files written before the open family existed (after issue 15's data rules)
        ("tiny", "7bd103c7bf8989a24005412dbc753f7d67ccbe9c63518c76cc7057a84c23b7c7"),
        ("city", "3ee3d30b97a0376223b66bf0047cab04fbbec70c38a5a146beedf879909aba29"),
    ],
)
def test_the_narrow_sizes_write_the_bytes_they_wrote_before(size: str, expected: str, tmp_path: Path) -> None:
    assert digest(generate_scenario(tmp_path, size, seed=1)) == expected


@pytest.mark.parametrize(("num_cadres", "seed"), [(300, 4), (600, 5)])
@pytest.mark.parametrize("audience", ["narrow", "open"])
def test_breadth_counts_what_checking_every_pair_counts(
    num_cadres: int, seed: int, audience: str, tmp_path: Path
) -> None:
    scenario = load_scenario(generate_scenario(tmp_path, num_cadres=num_cadres, seed=seed, audience=audience))
    assert any(c.unavailable for c in scenario.cadres) and scenario.history  # both corrections are used
    assert eligible_runs(scenario, 2020).tolist() == pair_by_pair(scenario).tolist()


@pytest.mark.parametrize("seed", [1, 2])
def test_open_audiences_make_most_runs_eligible_even_in_a_small_city(seed: int, tmp_path: Path) -> None:
    """On a small city the runs are few, so the share of runs a cadre may attend is the measure."""
    share = {}
    for audience in ("narrow", "open"):
        scenario = load_scenario(
            generate_scenario(tmp_path / audience, num_cadres=1500, seed=seed, audience=audience)
        )
        share[audience] = eligible_runs(scenario, 2020).mean() / runs_of(scenario)
    assert share["narrow"] < 0.3 < 0.6 < share["open"] < 0.8


def test_city_open_offers_150_to_400_runs_a_cadre(city_open: Path) -> None:
    scenario = load_scenario(city_open)
    counts = eligible_runs(scenario, 2020)
    assert len(counts) == SIZES["city-open"]
    assert 150 <= counts.mean() <= 400
    assert 0.03 <= runs_of(scenario) / len(counts) <= 0.07  # about 250 runs: classes of 25-50


def test_open_sessions_are_open_to_their_region(city_open: Path) -> None:
    """County party schools keep to their county, the city's other classes are city-wide, online is
    everyone's; professional classes, lectures and red-base classes admit every rank."""
    units = {u["unit_id"]: u for u in read(city_open, "units.csv")}
    kind = {i["institution_id"]: i["kind"] for i in read(city_open, "institutions.csv")}
    counties = {
        unit_id for unit_id, unit in units.items() if unit["parent_id"] == "CITY01" and "-K" in unit_id
    }
    for session in read(city_open, "sessions.csv"):
        institution, audience = session["institution_id"], session["audience_units"]
        if institution.removeprefix("PS-") in counties:
            assert audience == institution.removeprefix("PS-"), session["session_id"]
        elif kind[institution] == "online":
            assert audience == "", session["session_id"]
        else:
            assert audience in ("", "CITY01"), session["session_id"]
    sessions = read(city_open, "sessions.csv")
    for prefix in ("PRO", "KNW", "RED"):
        assert any(s["course_id"].startswith(prefix) and s["audience_ranks"] == ALL_RANKS for s in sessions)
    assert not any(s["course_id"].startswith("SYS") and s["audience_ranks"] == ALL_RANKS for s in sessions)


def test_open_institutions_and_online_classes_keep_up_with_the_city(city_open: Path) -> None:
    beds = {i["institution_id"]: i["beds"] for i in read(city_open, "institutions.csv")}
    assert beds["PS-CITY01"] == "300"  # a city of 5,000: the narrow sizes
    online = [s for s in read(city_open, "sessions.csv") if s["institution_id"] == "ONL-01"]
    offered = sum(int(s["seats"]) * int(s["hours"]) for s in online)
    assert 0.85 <= offered / (24 * SIZES["city-open"]) <= 1.2


def test_command_line_audience_option_and_refusals(tmp_path: Path) -> None:
    done = CliRunner().invoke(main, ["--cadres", "300", "--audience", "open", "--out", str(tmp_path / "a")])
    assert done.exit_code == 0, done.output
    counties = {u["unit_id"] for u in read(tmp_path / "a", "units.csv") if u["parent_id"] == "CITY01"}
    counties = {unit_id for unit_id in counties if "-K" in unit_id}
    assert counties
    assert {s["audience_units"] for s in read(tmp_path / "a", "sessions.csv")} <= {"", "CITY01", *counties}
    for args, message in (
        (["--size", "city-open", "--audience", "narrow"], "contradicts"),
        (["--audience", "wide"], "wide"),
    ):
        result = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "x")])
        assert result.exit_code == 2 and message in result.output, (args, result.output)
    assert not (tmp_path / "x").exists()


def test_breadth_command_prints_the_mean(tmp_path: Path) -> None:
    folder = generate_scenario(tmp_path, "tiny", seed=1)
    result = CliRunner().invoke(breadth_main, [str(folder)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("200 cadres, ") and " a cadre (min " in result.output


@pytest.mark.slow
@pytest.mark.parametrize("size", ["large-city-open"])
def test_large_open_sizes_offer_150_to_400_runs_a_cadre(size: str, tmp_path: Path) -> None:
    scenario = load_scenario(generate_scenario(tmp_path, size, seed=1))
    assert 150 <= eligible_runs(scenario, 2020).mean() <= 400


@pytest.mark.slow
def test_in_an_open_province_counties_and_cities_keep_their_schools(tmp_path: Path) -> None:
    """35,000 cadres make a province of four cities (province-open itself is too large for a test)."""
    folder = generate_scenario(tmp_path, num_cadres=35_000, seed=1, audience="open")
    cities = {u["unit_id"] for u in read(folder, "units.csv") if u["parent_id"] == "PROV"}
    assert len(cities) == 4
    for session in read(folder, "sessions.csv"):
        institution, audience = session["institution_id"], session["audience_units"]
        if institution.startswith("PS-CITY") or institution.startswith("SC-CITY"):
            assert audience == institution[3:], session
        else:
            assert audience == "" or audience in cities, session
    assert 150 <= eligible_runs(load_scenario(folder), 2020).mean() <= 400
