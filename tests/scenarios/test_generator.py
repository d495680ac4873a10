"""The synthetic scenario generator: determinism, references, shape of the data, and speed."""

from __future__ import annotations

import csv
import statistics
import time
import tomllib
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest

from scenarios.generator import POLICY, SIZES, generate_scenario

SHIPPED_DEFAULT = Path(__file__).resolve().parents[2] / "scenarios" / "default"
FILES = (
    "units.csv",
    "cadres.csv",
    "institutions.csv",
    "courses.csv",
    "sessions.csv",
    "summons.csv",
    "history.csv",
)


def read(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def day(text: str) -> date:
    return date.fromisoformat(text)


@pytest.fixture(scope="module")
def default(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_scenario(tmp_path_factory.mktemp("default"), "default", seed=2019)


@pytest.fixture(scope="module")
def tables(default: Path) -> dict[str, list[dict[str, str]]]:
    return {name: read(default, name) for name in FILES}


def ancestors_by_unit(units: list[dict[str, str]]) -> dict[str, list[str]]:
    parent = {u["unit_id"]: u["parent_id"] for u in units}
    result = {}
    for unit_id in parent:
        chain, current = [], unit_id
        while current:
            assert current not in chain, f"cycle in the unit tree at {current}"
            chain.append(current)
            current = parent[current]
        result[unit_id] = chain
    return result


def is_eligible(cadre: dict[str, str], session: dict[str, str], ancestors: dict[str, list[str]]) -> bool:
    def admits(column: str, value: str) -> bool:
        return not session[column] or value in session[column].split(";")

    units = session["audience_units"].split(";") if session["audience_units"] else []
    return (
        admits("audience_ranks", cadre["rank"])
        and admits("audience_categories", cadre["category"])
        and (not units or not set(units).isdisjoint(ancestors[cadre["unit_id"]]))
    )


def test_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    first = generate_scenario(tmp_path / "a", "tiny", seed=7)
    second = generate_scenario(tmp_path / "b", "tiny", seed=7)
    for name in (*FILES, "scenario.toml"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_another_seed_writes_another_scenario(tmp_path: Path) -> None:
    first = generate_scenario(tmp_path / "a", "tiny", seed=7)
    second = generate_scenario(tmp_path / "b", "tiny", seed=8)
    assert (first / "cadres.csv").read_bytes() != (second / "cadres.csv").read_bytes()
    assert (first / "sessions.csv").read_bytes() != (second / "sessions.csv").read_bytes()


def test_the_shipped_default_is_what_the_generator_writes(tmp_path: Path) -> None:
    fresh = generate_scenario(
        tmp_path, "default", seed=2019, name="江州市 2020 年度干部教育培训计划 (default)"
    )
    for name in (*FILES, "scenario.toml"):
        assert (SHIPPED_DEFAULT / name).read_bytes() == (fresh / name).read_bytes(), name


def test_files_are_plain_utf8_csv_with_the_contract_columns(default: Path) -> None:
    for name in FILES:
        raw = (default / name).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), f"{name} has a BOM"
        raw.decode("utf-8")
    header = (default / "sessions.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == (
        "session_id,course_id,institution_id,organiser,start,end,hours,seats,min_enrolment,"
        "audience_ranks,audience_categories,cost_per_head,segment_of,audience_units"
    )


def test_scenario_toml_holds_the_policy_defaults_and_a_budget(default: Path) -> None:
    settings = tomllib.loads((default / "scenario.toml").read_text(encoding="utf-8"))
    assert settings["cycle_start"] == 2018
    assert settings["policy"] == POLICY
    assert isinstance(settings["budget"]["total"], int) and settings["budget"]["total"] > 0


def test_ids_are_unique_ascii_and_every_reference_resolves(tables: dict[str, list[dict[str, str]]]) -> None:
    ids = {}
    for name, column in (
        ("units.csv", "unit_id"),
        ("cadres.csv", "cadre_id"),
        ("institutions.csv", "institution_id"),
        ("courses.csv", "course_id"),
        ("sessions.csv", "session_id"),
    ):
        values = [row[column] for row in tables[name]]
        assert len(values) == len(set(values)), f"duplicate {column}"
        assert all(value.isascii() and value for value in values)
        ids[column] = set(values)
    assert {u["parent_id"] for u in tables["units.csv"]} - {""} <= ids["unit_id"]
    assert {c["unit_id"] for c in tables["cadres.csv"]} <= ids["unit_id"]
    for session in tables["sessions.csv"]:
        assert session["course_id"] in ids["course_id"] and session["institution_id"] in ids["institution_id"]
        assert set(filter(None, session["audience_units"].split(";"))) <= ids["unit_id"]
        assert not session["segment_of"] or session["segment_of"] in ids["session_id"]
    for name in ("summons.csv", "history.csv"):
        assert {row["cadre_id"] for row in tables[name]} <= ids["cadre_id"]
        assert {row["course_id"] for row in tables[name]} <= ids["course_id"]
    ancestors_by_unit(tables["units.csv"])  # asserts the tree is acyclic


def test_values_stay_within_the_contract(tables: dict[str, list[dict[str, str]]]) -> None:
    booleans = {"true", "false"}
    for cadre in tables["cadres.csv"]:
        assert cadre["rank"] in ("bureau", "division", "section", "staff")
        assert cadre["category"] in (
            "leadership",
            "civil_servant",
            "enterprise",
            "public_institution",
            "professional",
            "grassroots",
        )
        assert {cadre["top_leader"], cadre["young"]} <= booleans
        for item in filter(None, cadre["unavailable"].split(";")):
            first, last = item.split("..")
            assert 2020 == day(first).year == day(last).year and day(first) <= day(last)
    kinds = {i["kind"] for i in tables["institutions.csv"]}
    assert kinds == {"party_school", "cadre_academy", "socialist_college", "red_base", "university", "online"}
    assert {c["theme"] for c in tables["courses.csv"]} <= {
        "theory",
        "party_spirit",
        "professional",
        "knowledge",
    }
    for session in tables["sessions.csv"]:
        assert day(session["start"]).year == 2020 and day(session["start"]) <= day(session["end"])
        assert not session["min_enrolment"] or int(session["min_enrolment"]) <= int(session["seats"])
    for row in tables["history.csv"]:
        assert day(row["start"]) <= day(row["end"]) and day(row["start"]).year <= 2020
        assert {row["systematic"], row["online"]} <= booleans and int(row["hours"]) > 0


def test_segments_share_course_seats_and_audience_and_follow_their_first(
    tables: dict[str, list[dict[str, str]]],
) -> None:
    by_id = {s["session_id"]: s for s in tables["sessions.csv"]}
    segments = [s for s in tables["sessions.csv"] if s["segment_of"]]
    assert segments
    for segment in segments:
        first = by_id[segment["segment_of"]]
        assert not first["segment_of"]
        for column in ("course_id", "institution_id", "seats", "audience_ranks", "audience_units"):
            assert segment[column] == first[column], column
        assert day(segment["start"]) > day(first["end"])


def test_sizes_are_roughly_right(tmp_path: Path, tables: dict[str, list[dict[str, str]]]) -> None:
    tiny = generate_scenario(tmp_path, "tiny")
    assert len(read(tiny, "cadres.csv")) == SIZES["tiny"]
    assert len(read(tiny, "sessions.csv")) < 40
    assert len(tables["cadres.csv"]) == SIZES["default"]
    assert 50 <= len(tables["units.csv"]) <= 80
    assert 110 <= len(tables["sessions.csv"]) <= 200
    assert 25 <= len(tables["courses.csv"]) <= 40
    assert 2 <= len(tables["history.csv"]) / len(tables["cadres.csv"]) <= 4
    assert 0.02 <= len(tables["summons.csv"]) / len(tables["cadres.csv"]) <= 0.03


def test_rank_pyramid(tables: dict[str, list[dict[str, str]]]) -> None:
    share = {
        rank: n / len(tables["cadres.csv"])
        for rank, n in Counter(c["rank"] for c in tables["cadres.csv"]).items()
    }
    assert 0.01 <= share["bureau"] <= 0.035
    assert 0.09 <= share["division"] <= 0.15
    assert 0.25 <= share["section"] <= 0.35
    assert 0.50 <= share["staff"] <= 0.62
    young = sum(c["young"] == "true" for c in tables["cadres.csv"]) / len(tables["cadres.csv"])
    assert 0.1 <= young <= 0.2


def test_every_unit_with_cadres_has_a_team_with_exactly_one_top_leader(
    tables: dict[str, list[dict[str, str]]],
) -> None:
    teams: dict[str, list[dict[str, str]]] = defaultdict(list)
    staffed = {c["unit_id"] for c in tables["cadres.csv"]}
    for cadre in tables["cadres.csv"]:
        if cadre["category"] == "leadership":
            teams[cadre["unit_id"]].append(cadre)
        else:
            assert cadre["top_leader"] == "false"
    assert set(teams) == staffed
    for unit_id, team in teams.items():
        assert 3 <= len(team) <= 9, unit_id
        assert sum(c["top_leader"] == "true" for c in team) == 1, unit_id


def test_each_cadre_is_eligible_for_a_few_tens_of_sessions(tables: dict[str, list[dict[str, str]]]) -> None:
    ancestors = ancestors_by_unit(tables["units.csv"])
    counts = [sum(is_eligible(c, s, ancestors) for s in tables["sessions.csv"]) for c in tables["cadres.csv"]]
    assert min(counts) >= 5
    assert 10 <= statistics.median(counts) <= 40
    assert max(counts) <= 60


def test_off_job_seats_come_near_the_hours_owed_and_the_budget_binds(
    default: Path,
    tables: dict[str, list[dict[str, str]]],
) -> None:
    cycle_hours: Counter[str] = Counter()
    year_hours: Counter[str] = Counter()
    for row in tables["history.csv"]:
        if row["online"] == "false":
            cycle_hours[row["cadre_id"]] += int(row["hours"]) * (row["start"] >= "2018")
            year_hours[row["cadre_id"]] += int(row["hours"]) * (row["start"] >= "2020")
    owed = sum(
        max(0, 550 - cycle_hours[c["cadre_id"]]) / 3
        if c["rank"] in ("bureau", "division")
        else max(0, 90 - year_hours[c["cadre_id"]])
        for c in tables["cadres.csv"]
    )
    institutions = {i["institution_id"]: i for i in tables["institutions.csv"]}
    offered = cost = 0.0
    for s in tables["sessions.csv"]:
        institution = institutions[s["institution_id"]]
        if institution["kind"] != "online":
            days = (day(s["end"]) - day(s["start"])).days + 1
            offered += int(s["seats"]) * (int(s["hours"]) if s["hours"] else 8 * days)
            cost += int(s["seats"]) * int(s["cost_per_head"] or days * int(institution["cost_per_day"]))
    assert 0.9 <= offered / owed <= 1.2
    budget = tomllib.loads((default / "scenario.toml").read_text(encoding="utf-8"))["budget"]["total"]
    assert 0.75 <= budget / (owed * cost / offered) <= 0.92


def test_summons_are_open_to_their_cadre_but_for_two(tables: dict[str, list[dict[str, str]]]) -> None:
    ancestors = ancestors_by_unit(tables["units.csv"])
    cadres = {c["cadre_id"]: c for c in tables["cadres.csv"]}
    sessions_by_course = defaultdict(list)
    for session in tables["sessions.csv"]:
        sessions_by_course[session["course_id"]].append(session)
    impossible = [
        m
        for m in tables["summons.csv"]
        if not any(
            is_eligible(cadres[m["cadre_id"]], s, ancestors) for s in sessions_by_course[m["course_id"]]
        )
    ]
    assert len(impossible) == 2
    assert all(m["reason"].startswith("点名调训") for m in tables["summons.csv"])


def test_the_model_loader_accepts_the_shipped_default() -> None:
    models = pytest.importorskip("models")
    scenario = models.load_scenario(SHIPPED_DEFAULT)
    assert len(scenario.cadres) == SIZES["default"]


def test_the_shipped_default_owes_every_rule_in_its_plan_year() -> None:
    """Issue 15, point 8: young cadres, top leaders, overdue promotions, the professional week and the
    online target all give obligations in 2020."""
    models = pytest.importorskip("models")
    scenario = models.load_scenario(SHIPPED_DEFAULT)
    counts = models.owed_obligations(scenario, 2020, rules=models.ALL_RULES).count_by_rule()
    assert all(counts[rule.value] > 0 for rule in models.ALL_RULES), counts
    assert any(c.top_leader for c in scenario.cadres) and any(c.young for c in scenario.cadres)


def test_some_leaders_were_promoted_more_than_a_year_before_the_plan_year(
    tables: dict[str, list[dict[str, str]]],
) -> None:
    promoted = [day(c["promoted_on"]) for c in tables["cadres.csv"] if c["promoted_on"]]
    by_year = Counter(d.year for d in promoted)
    assert set(by_year) == {2018, 2019, 2020}  # 2018: the twelve months ran out in 2019 (R6b)
    assert by_year[2019] > by_year[2018] > by_year[2020] > 0


def test_online_classes_seat_about_the_online_target(
    default: Path, tables: dict[str, list[dict[str, str]]]
) -> None:
    target = tomllib.loads((default / "scenario.toml").read_text(encoding="utf-8"))["policy"]
    assert target["online_hours_per_year"] == 24
    online = {i["institution_id"] for i in tables["institutions.csv"] if i["kind"] == "online"}
    classes = [s for s in tables["sessions.csv"] if s["institution_id"] in online]
    offered = sum(int(s["seats"]) * int(s["hours"]) for s in classes)
    assert len(classes) >= 3 and all(not s["audience_ranks"] for s in classes)
    assert 0.85 <= offered / (24 * len(tables["cadres.csv"])) <= 1.2


def test_leadership_teams_have_professional_weeks_and_young_cadres_venues(
    tables: dict[str, list[dict[str, str]]],
) -> None:
    """R17: professional-theme off-job sessions of at least 5 days open to leadership-team members,
    more seats than members; R16: seats at party schools, cadre academies and red bases."""
    theme = {c["course_id"]: c["theme"] for c in tables["courses.csv"]}
    kind = {i["institution_id"]: i["kind"] for i in tables["institutions.csv"]}
    weeks = [
        s
        for s in tables["sessions.csv"]
        if theme[s["course_id"]] == "professional"
        and kind[s["institution_id"]] != "online"
        and (day(s["end"]) - day(s["start"])).days + 1 >= 5
        and (not s["audience_categories"] or "leadership" in s["audience_categories"].split(";"))
    ]
    team = sum(c["category"] == "leadership" for c in tables["cadres.csv"])
    assert sum(int(s["seats"]) for s in weeks) >= 1.5 * team
    venues = ("party_school", "cadre_academy", "red_base")
    young = [c for c in tables["cadres.csv"] if c["young"] == "true"]
    for rank in ("division", "section", "staff"):
        seats = sum(
            int(s["seats"])
            for s in tables["sessions.csv"]
            if kind[s["institution_id"]] in venues
            and not s["segment_of"]
            and (not s["audience_ranks"] or rank in s["audience_ranks"].split(";"))
        )
        assert seats >= sum(c["rank"] == rank for c in young), rank


def test_unknown_size_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown size"):
        generate_scenario(tmp_path, "village")


@pytest.mark.slow
def test_a_province_of_100000_cadres_takes_well_under_a_minute(tmp_path: Path) -> None:
    started = time.perf_counter()
    generate_scenario(tmp_path, "province", seed=1)
    assert time.perf_counter() - started < 60
    assert len(read(tmp_path, "cadres.csv")) == 100_000
