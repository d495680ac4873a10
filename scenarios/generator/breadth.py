"""How open a scenario's sessions are: the session runs each cadre is eligible for, counted without pairs.

A run (one session, or the linked segments of one course, R15) of the plan year is *eligible* for a
cadre when every segment's audience admits the cadre, the cadre is available on every segment's days
and has not taken the course (R8). Counts are made per audience key (unit, rank, category) and per
course, then corrected cadre by cadre for the courses taken and, for the few with absences, the days
away: memory grows with keys x audiences, never with cadres x runs.

Command line: ``python -m scenarios.generator.breadth DIR [--year 2020]``.
"""

from __future__ import annotations

from pathlib import Path

import click
import numpy as np

from models.entities import Cadre, Session
from models.ledger import Ledger
from models.loader import load_scenario
from models.scenario import Scenario

Audience = tuple[frozenset[str], frozenset[str], frozenset[str]]  # ranks, categories, units


def eligible_runs(scenario: Scenario, year: int) -> np.ndarray:
    """Per cadre, in scenario order, the number of the year's session runs eligible for the cadre."""
    runs = [s for s in scenario.segments_by_group.values() if s[0].start.year == year]
    keys: dict[tuple[str, str, str], int] = {}
    key_of = np.array([keys.setdefault(_key(c), len(keys)) for c in scenario.cadres], dtype=np.int64)
    signatures: dict[tuple[Audience, ...], int] = {}
    signature_of = np.array(
        [signatures.setdefault(tuple(dict.fromkeys(map(_audience, run))), len(signatures)) for run in runs],
        dtype=np.int64,
    )
    admits = _admits(scenario, list(keys), list(signatures))  # keys x signatures
    courses = {course: k for k, course in enumerate(dict.fromkeys(run[0].course_id for run in runs))}
    course_of = np.array([courses[run[0].course_id] for run in runs], dtype=np.int64)
    runs_by = np.zeros((len(signatures), len(courses)), dtype=np.int64)  # signature x course
    np.add.at(runs_by, (signature_of, course_of), 1)
    by_key_course = admits.astype(np.int64) @ runs_by  # keys x courses
    counts = by_key_course.sum(axis=1)[key_of]
    ledger = Ledger(scenario, year)
    for i, cadre in enumerate(scenario.cadres):
        taken = [courses[c] for c in ledger[cadre.cadre_id].courses_taken if c in courses]
        if cadre.unavailable:
            counts[i] = _available(cadre, runs, admits[key_of[i], signature_of], set(taken), course_of)
        elif taken:
            counts[i] -= by_key_course[key_of[i], taken].sum()
    return counts


def _key(cadre: Cadre) -> tuple[str, str, str]:
    return cadre.unit_id, cadre.rank.value, cadre.category.value


def _audience(session: Session) -> Audience:
    return (
        frozenset(r.value for r in session.audience_ranks),
        frozenset(c.value for c in session.audience_categories),
        session.audience_units,
    )


def _admits(
    scenario: Scenario, keys: list[tuple[str, str, str]], signatures: list[tuple[Audience, ...]]
) -> np.ndarray:
    """``admits[key, signature]``: every audience of the signature admits the key
    (``Scenario.is_eligible_audience``, read on keys)."""
    unit, rank, category = (np.array(column) for column in zip(*keys, strict=True))
    ancestors = scenario.ancestors_by_unit
    admits = np.ones((len(keys), len(signatures)), dtype=bool)
    for k, signature in enumerate(signatures):
        for ranks, categories, units in signature:
            if ranks:
                admits[:, k] &= np.isin(rank, list(ranks))
            if categories:
                admits[:, k] &= np.isin(category, list(categories))
            if units:
                inside = [not units.isdisjoint(ancestors[u]) for u in scenario.unit_by_id]
                admits[:, k] &= np.isin(
                    unit, [u for u, ok in zip(scenario.unit_by_id, inside, strict=True) if ok]
                )
    return admits


def _available(
    cadre: Cadre,
    runs: list[tuple[Session, ...]],
    admitted: np.ndarray,
    taken: set[int],
    course_of: np.ndarray,
) -> int:
    """Runs admitting the cadre, of a course not taken, on none of the cadre's days away."""
    return sum(
        1
        for k in np.flatnonzero(admitted).tolist()
        if course_of[k] not in taken
        and not any(r.overlaps(s.start, s.end) for s in runs[k] for r in cadre.unavailable)
    )


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("scenario", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--year", type=int, default=2020, show_default=True, help="The plan year.")
def main(scenario: Path, year: int) -> None:
    """Eligible session runs per cadre in SCENARIO: mean, quartiles, extremes and the pairs in all."""
    data = load_scenario(scenario)
    counts = eligible_runs(data, year)
    runs = sum(1 for s in data.segments_by_group.values() if s[0].start.year == year)
    low, median, high = np.percentile(counts, [25, 50, 75]).tolist()
    click.echo(
        f"{len(counts)} cadres, {runs} session runs, {int(counts.sum()):,} eligible pairs: "
        f"{counts.mean():.1f} a cadre (min {counts.min()}, quartiles {low:g} / {median:g} / {high:g}, "
        f"max {counts.max()})"
    )


if __name__ == "__main__":
    main()
