"""Seeded synthetic scenarios: a fictional city (or province), its cadres, ledger and session catalogue.

``generate_scenario(out_dir, "city", seed=1)`` writes a folder that follows the scenario contract
of DOMAIN.md, plus one extension column, ``sessions.audience_units``: a cadre may attend a session
only if their unit lies in the subtree of one of the listed units (empty = everyone). Sessions are
made per audience (the provincial leaders, a city's leaders, a city's departments, a county), each
offered about 0.9-1.1 times the off-job hours its cadres owe this year: tight but not hopeless, and
each cadre is eligible for a few tens of sessions only. Every rule has obligations in the plan year:
top leaders and young cadres in every unit, promotions of the last two years (those of the year
before last overdue, R6b), professional classes of a week (R17), and online classes seating about
the online target that scenario.toml sets (``online_hours_per_year``, R12).

Sessions may instead be open (``audience="open"``, the sizes ``city-open``, ``large-city-open`` and
``province-open``): audiences by rank and category over a whole region (the province's sessions and
online classes everyone, a county's classes at its party school the county, every other class its
city), part of the counties' hours offered at the city's schools, classes and city schools growing
with the city, so that each cadre may attend 150-400 of the year's session runs. ``breadth`` counts
them without enumerating pairs (``python -m scenarios.generator.breadth DIR``).

The modules, in the order a scenario is drawn: ``settings`` and ``names`` (constants), ``units``,
``cadres``, ``history`` (the ledger), ``owed`` (what the ledger leaves owing, by the domain's rules
where they agree), ``institutions`` and ``courses``, ``audiences``, ``sessions``, ``summons``,
``budget``; ``generate`` runs them and ``write`` writes the folder; ``cli`` is the command;
``breadth`` measures a written scenario.

Command line: ``python -m scenarios.generator --size city --seed 1 [--audience open] --out DIR``.
"""

from scenarios.generator.cli import main
from scenarios.generator.generate import generate_scenario
from scenarios.generator.settings import POLICY, SIZES

__all__ = ["POLICY", "SIZES", "generate_scenario", "main"]
