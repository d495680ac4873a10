"""Draw one picture of each chart the product makes, from the default scenario, for the README.

    python docs/make_pictures.py [--time-limit 15] [--out docs/images]

Three scenarios are solved (the default, its budget cut by 20 %, its release cap at 20 %) with
:func:`optimizer.compare`; the default's plan gives the filing's charts (sessions by institution,
the cadres of one unit, days away per unit, every unit's weeks against its cap) and the plan page,
the comparison its two charts; a budget sweep (seven budgets, 4 s each) the budget curve.
Each picture is a PNG of 1,400 pixels across (the comparison of
fifteen rules 1,800), in 256 colours, under 300 KB. The plan page is photographed in headless
Chromium when ``chromium`` and ``chromedriver`` are installed (and skipped, said so, when not).
"""

from __future__ import annotations

import argparse
import io
import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402
from PIL import Image  # noqa: E402

from models import Plan, Scenario, load_scenario, with_budget, with_policy  # noqa: E402
from optimizer import (  # noqa: E402
    DEFAULT_SCENARIO,
    budget_sweep,
    compare,
    plot_budget_curve,
    plot_cost,
    plot_obligations,
)
from optimizer.reports import (  # noqa: E402
    busiest_unit,
    busiest_units,
    plot_release,
    plot_release_grid,
    plot_release_weeks,
    plot_sessions,
    plot_timeline,
    session_pages,
    session_rows,
    unit_pages,
    unit_rows,
    write_page,
)
from optimizer.reports.style import figure_of  # noqa: E402

YEAR = 2020
WIDTH = 1400
"""Pixels across each picture."""
MAX_BYTES = 300_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=15, help="seconds for each of the three solves")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "images")
    options = parser.parse_args()
    base = load_scenario(DEFAULT_SCENARIO)
    variants = {
        "default": base,
        "budget -20%": with_budget(base, factor=0.8),
        "release cap 20%": with_policy(base, max_away_share=0.2),
    }
    comparison = compare(variants, YEAR, time_limit=options.time_limit, workers=2, report=print)
    plan = comparison.plans["default"]
    options.out.mkdir(parents=True, exist_ok=True)
    for name, draw in charts(base, plan).items():
        save(draw(), options.out / f"{name}.png")
    wide = Figure(figsize=(18, 6), layout="constrained")  # fifteen rules: room for their titles
    plot_obligations(comparison, ax=wide.add_subplot())
    save(wide, options.out / "compare-obligations.png", width=1800)
    cost = Figure(figsize=(9, 4.5), layout="constrained")
    plot_cost(comparison, ax=cost.add_subplot())
    save(cost, options.out / "compare-cost.png")
    photograph_page(base, plan, options.out / "plan-page.png")
    draw_budget_curve(base, options.out / "budget-curve.png")


def draw_budget_curve(base: Scenario, path: Path, time_limit: float = 4) -> None:
    """The notebook's budget sweep: 60 % to 120 % of the budget in 7 steps, 4 s a solve, two at once."""
    sweep = compare(budget_sweep(base, 0.6, 1.2, steps=7), YEAR, time_limit=time_limit, processes=2)
    figure = Figure(figsize=(11, 5), layout="constrained")
    plot_budget_curve(sweep, ax=figure.add_subplot())
    save(figure, path)


def charts(scenario: Scenario, plan: Plan) -> dict[str, Callable[[], Figure]]:
    """The filing's charts of ``plan``, each the first page of its kind, in English."""
    unit = busiest_unit(plan, scenario)
    busiest = busiest_units(plan, scenario, 1)
    assert unit is not None and busiest, "the plan has no assignment to draw"
    first_sessions = session_pages(session_rows(plan, scenario))[0]
    first_units = unit_pages(unit_rows(scenario))[0]
    return {
        "sessions": lambda: figure_of(plot_sessions(plan, scenario, rows=first_sessions, lang="en")),
        "timeline": lambda: figure_of(plot_timeline(plan, scenario, unit, lang="en")),
        "release": lambda: plot_release_grid(plan, scenario, lang="en"),
        "release-unit": lambda: figure_of(plot_release(plan, scenario, busiest[0], lang="en")),
        "release-weeks": lambda: figure_of(plot_release_weeks(plan, scenario, rows=first_units, lang="en")),
    }


def save(figure: Figure | None, path: Path, width: int = WIDTH) -> None:
    """``figure`` as a PNG ``width`` pixels across, in 256 colours."""
    assert figure is not None
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=width / figure.get_figwidth())
    write_small(Image.open(buffer), path)


def write_small(picture: Image.Image, path: Path) -> None:
    """Save ``picture`` in 256 colours, narrower until it stays under ``MAX_BYTES``."""
    picture = picture.convert("RGB")
    while True:
        buffer = io.BytesIO()
        few = picture.quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        few.save(buffer, format="png", optimize=True)
        if buffer.tell() <= MAX_BYTES:
            break
        smaller = (picture.width * 9 // 10, picture.height * 9 // 10)
        picture = picture.resize(smaller, Image.Resampling.LANCZOS)
    path.write_bytes(buffer.getvalue())
    print(f"{path}: {picture.width}x{picture.height}, {buffer.tell() // 1000} KB")


def photograph_page(scenario: Scenario, plan: Plan, path: Path) -> None:
    """A screenshot of the plan page (``plan.html``) at its timeline, by unit, zoomed to one quarter."""
    binary, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not binary or not driver:
        print(f"{path}: skipped (no chromium and chromedriver)")
        return
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser_options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={WIDTH},900"):
        browser_options.add_argument(argument)
    browser_options.binary_location = binary
    browser = webdriver.Chrome(service=Service(driver), options=browser_options)
    try:
        with tempfile.TemporaryDirectory() as folder:
            browser.get(write_page(scenario, plan, Path(folder) / "plan.html").as_uri())
            browser.find_element("id", "view-unit").click()
            april = (date(YEAR, 4, 1) - date(YEAR, 1, 1)).days
            browser.find_element("css selector", f'#chart .axis .month[data-start="{april}"]').click()
            browser.find_element("id", "zoom-out").click()  # ... and the months around it
            browser.execute_script("document.getElementById('timeline').scrollIntoView()")
            picture = Image.open(io.BytesIO(browser.get_screenshot_as_png()))
    finally:
        browser.quit()
    write_small(picture, path)


if __name__ == "__main__":
    main()
