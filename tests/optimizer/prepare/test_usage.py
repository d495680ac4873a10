"""The greedy's fast ``fits`` says exactly what ``blocks`` says, on plans grown at random."""

from __future__ import annotations

import numpy as np

from models import load_scenario
from optimizer.prepare.data import prepare
from optimizer.prepare.usage import Usage
from scenarios.generator import generate_scenario


def test_fits_agrees_with_blocks_on_random_plans(tmp_path) -> None:
    data = prepare(load_scenario(generate_scenario(tmp_path / "tiny", "tiny", seed=5)), 2020)
    rng = np.random.default_rng(0)
    usage = Usage(data)
    checked = disagreed = 0
    for p in rng.permutation(data.num_pairs).tolist():
        cadre, offering = int(data.pair_cadre[p]), data.offerings[int(data.pair_offering[p])]
        fits, blocks = usage.fits(cadre, offering), usage.blocks(cadre, offering)
        checked += 1
        disagreed += fits != (not blocks)
        if fits and rng.random() < 0.7:
            usage.add(cadre, offering)
    assert checked == data.num_pairs > 100
    assert disagreed == 0
    assert int(usage.enrolled.sum()) > 0
