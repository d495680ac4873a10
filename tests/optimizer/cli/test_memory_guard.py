"""The memory guard (issue 18, point 5): a scenario whose eligible pairs need more memory than
``--max-memory`` allows is refused before anything is built, exit 1, with its size and what would fit,
and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from models import load_scenario
from optimizer.cli.annual import plan_annual
from optimizer.control.memory import GIB, max_pairs, needed_bytes
from optimizer.prepare.data import TooManyPairs, prepare
from scenarios.generator import generate_scenario


def test_max_pairs_is_the_inverse_of_needed_bytes() -> None:
    for limit in (1.0, 2.5, 12.0):
        pairs = max_pairs(limit)
        assert needed_bytes(pairs) <= limit * GIB < needed_bytes(pairs + 1)
    assert max_pairs(0.5) == 0


@pytest.fixture(scope="module")
def open_city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_scenario(tmp_path_factory.mktemp("open"), num_cadres=600, seed=3, audience="open")


def _pairs(folder: Path) -> int:
    return len(prepare(load_scenario(folder), 2020).pair_cadre)


def test_the_guard_counts_the_pairs_before_it_builds_them(open_city: Path) -> None:
    pairs = _pairs(open_city)
    with pytest.raises(TooManyPairs) as refused:
        prepare(load_scenario(open_city), 2020, max_pairs=pairs // 2)
    assert refused.value.pairs >= pairs  # the candidates before the personal filters: never fewer
    assert refused.value.cadres == 600
    assert len(prepare(load_scenario(open_city), 2020, max_pairs=refused.value.pairs).pair_cadre) == pairs


def test_a_low_limit_refuses_an_open_scenario_and_writes_nothing(open_city: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan"
    pairs = _pairs(open_city)
    limit = round((needed_bytes(pairs // 2)) / GIB, 3)
    args = ["--scenario", str(open_city), "--year", "2020", "--out", str(out), "--max-memory", str(limit)]
    result = CliRunner().invoke(plan_annual, [*args, "--lang", "en"])
    assert result.exit_code == 1, result.output
    assert "scenario too large, nothing planned" in result.output
    assert "600 cadres" in result.output and f"above the limit of {limit:.1f} GiB" in result.output
    assert f"about {max_pairs(limit):,} pairs fit ({max_pairs(limit) // 600:,} a cadre)" in result.output
    assert "Nothing was written" in result.output
    assert not out.exists()


def test_a_limit_that_fits_plans_as_before(open_city: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan"
    args = ["--scenario", str(open_city), "--year", "2020", "--out", str(out), "--time-limit", "20"]
    result = CliRunner().invoke(plan_annual, [*args, "--max-memory", "8", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert (out / "summary.json").exists()
