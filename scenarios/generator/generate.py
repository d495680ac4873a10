"""Generating a scenario: every part drawn in a fixed order from two seeded generators, then written."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np

from scenarios.generator.budget import set_budgets
from scenarios.generator.cadres import build_cadres
from scenarios.generator.history import build_history
from scenarios.generator.institutions import build_institutions
from scenarios.generator.owed import owed_this_year
from scenarios.generator.sessions import build_sessions
from scenarios.generator.settings import AUDIENCES, OPEN_SIZES, SIZES
from scenarios.generator.summons import build_summons
from scenarios.generator.units import build_units, set_release_caps
from scenarios.generator.write import scenario_toml, write_tables


def generate_scenario(
    out_dir: str | Path,
    size: str = "default",
    *,
    num_cadres: int | None = None,
    seed: int = 2019,
    plan_year: int = 2020,
    cycle_start: int = 2018,
    name: str | None = None,
    audience: str | None = None,
) -> Path:
    """Write a complete synthetic scenario folder (its files are overwritten).

    Parameters
    ----------
    out_dir
        The scenario folder; created if missing.
    size
        A key of ``SIZES``, naming the number of cadres.
    num_cadres
        The number of cadres (at least 100), instead of the one ``size`` names.
    seed
        Seed of every random draw: the same arguments write the same bytes.
    plan_year, cycle_start
        The year planned (its sessions start in it; the ledger ends before it but for a few
        rows early in it) and the first year of the five-year training cycle.
    name
        The scenario's name; by default the root unit, the plan year and the size.
    audience
        The audience breadth, ``"narrow"`` or ``"open"`` (see ``settings.AUDIENCES``); by default
        open for the ``*-open`` sizes, narrow for the others.

    Returns
    -------
    Path
        The scenario folder.
    """
    if num_cadres is None:
        if size not in SIZES:
            raise ValueError(f"unknown size {size!r}; expected one of {', '.join(SIZES)}")
        num_cadres = SIZES[size]
    if num_cadres < 100:
        raise ValueError("a scenario needs at least 100 cadres")
    if cycle_start > plan_year:
        raise ValueError(f"the cycle starting {cycle_start} has not begun in {plan_year}")
    audience = audience or ("open" if size in OPEN_SIZES else "narrow")
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}; expected one of {', '.join(AUDIENCES)}")
    if size in OPEN_SIZES and audience != "open":
        raise ValueError(f"size {size!r} has open audiences: audience {audience!r} contradicts it")
    rng, py_rng = np.random.default_rng(seed), random.Random(seed)
    units = build_units(num_cadres, rng)
    set_release_caps(units, py_rng)
    cadres = build_cadres(units, plan_year, rng, py_rng)
    history = build_history(cadres, plan_year, cycle_start, py_rng)
    owed = owed_this_year(units, cadres, history, plan_year, cycle_start)
    institutions = build_institutions(units, audience == "open")
    sessions = build_sessions(
        units, cadres, owed.hours, owed.systematic, institutions, plan_year, py_rng, audience == "open"
    )
    summons = build_summons(units, cadres, owed.ledger, sessions, py_rng)
    total, full_cost = set_budgets(units, cadres, owed.hours, sessions, institutions, py_rng)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    name = name or f"{units[0].name} {plan_year} 年度干部教育培训计划 ({size})"
    (out / "scenario.toml").write_text(scenario_toml(name, cycle_start, total, full_cost), encoding="utf-8")
    write_tables(out, units, cadres, history, institutions, sessions, summons, plan_year)
    return out
