"""Progress: bars on a terminal (a pseudo-terminal here), plain lines when captured, nothing with --quiet."""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import cadre, course, institution, session, unit

from optimizer.cli.annual import plan_annual
from optimizer.cli.compare import plan_compare
from optimizer.control.bars import Mode, Progress
from optimizer.reports import write_exports

ESCAPE = re.compile(r"\x1b\[")
CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
"""A terminal control sequence (colour, cursor)."""
# Two staff cadres owe 90 h (R2) and S1 gives 96: no data warning, a plan in a second.
TINY = {
    "units.csv": [unit("U1", max_away_share="1")],
    "cadres.csv": [cadre("C1", "U1"), cadre("C2", "U1")],
    "institutions.csv": [institution("I1", cost_per_day=100, beds=10)],
    "courses.csv": [course("K1")],
    "sessions.csv": [session("S1", "K1", "2020-03-02", "2020-03-13", seats=10)],
}


@pytest.fixture
def tiny(make_scenario) -> Path:
    return make_scenario(TINY)


def plain(text: str) -> None:
    """Lines a log can hold: no carriage return, no escape sequence, no bar."""
    assert "\r" not in text and not ESCAPE.search(text) and "━" not in text


def test_plain_lines_say_each_line_and_how_each_task_ended() -> None:
    stream = io.StringIO()
    progress = Progress.for_stream(stream)
    assert progress.mode is Mode.LINES
    with progress.task("reading", total=3) as task:
        task.line("first")
        task.advance(3)
    with progress.task("solving", total=60, timed=True):
        progress("second")
    lines = stream.getvalue().splitlines()
    assert lines[0] == "first" and lines[2] == "second"
    assert re.fullmatch(r"reading: 3 of 3, done in \d+\.\ds", lines[1])
    assert re.fullmatch(r"solving: done in \d+\.\ds", lines[3])
    plain(stream.getvalue())


def test_quiet_says_nothing_and_is_no_report() -> None:
    stream = io.StringIO()
    progress = Progress.for_stream(stream, quiet=True)
    with progress.task("reading", total=1) as task:
        task.line("a line")
        task.advance()
    assert progress.report is None
    assert stream.getvalue() == ""
    assert Progress.for_stream(stream, lines=False).mode is Mode.QUIET  # an answer on standard output


def test_a_dumb_terminal_gets_plain_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("TERM", "xterm")
    assert Progress.for_stream(Terminal()).mode is Mode.BARS
    monkeypatch.setenv("TERM", "dumb")
    assert Progress.for_stream(Terminal()).mode is Mode.LINES


def test_plan_annual_captured_prints_plain_lines_and_quiet_only_the_summary(
    tiny: Path, tmp_path: Path
) -> None:
    args = ["--year", "2020", "--scenario", str(tiny), "--time-limit", "2", "--workers", "1", "--no-exports"]
    result = CliRunner().invoke(plan_annual, [*args, "--out", str(tmp_path / "plan")])
    assert result.exit_code == 0, result.output
    plain(result.stderr)
    lines = result.stderr.splitlines()
    assert re.fullmatch(r"reading .*: done in \d+\.\ds", lines[0])
    assert any(line.startswith("prepared 2 cadres") for line in lines)
    assert re.fullmatch(r"solving: done in \d+\.\ds", lines[-1])
    quiet = CliRunner().invoke(plan_annual, [*args, "--out", str(tmp_path / "quiet"), "--quiet"])
    assert quiet.exit_code == 0, quiet.output
    assert quiet.stderr == ""
    assert quiet.stdout.startswith("optimal: Plan 2020: 2 assignments")


def test_plan_annual_quiet_still_prints_errors(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        plan_annual, ["--year", "2020", "--scenario", str(tmp_path / "none"), "--quiet"]
    )
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_plan_compare_counts_the_scenarios_in_plain_lines(tiny: Path, tmp_path: Path) -> None:
    args = ["--year", "2020", "--scenario", str(tiny), "--scenario", str(tiny), "--time-limit", "2"]
    result = CliRunner().invoke(plan_compare, [*args, "--workers", "1", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    plain(result.stderr)
    lines = result.stderr.splitlines()
    assert re.fullmatch(r"reading 2 scenarios: 2 of 2, done in \d+\.\ds", lines[0])
    assert [line.split(":")[0] for line in lines[1:3]] == [tiny.name, f"{tiny.name}#2"]
    assert re.fullmatch(r"solving 2 scenarios: 2 of 2, done in \d+\.\ds", lines[3])
    quiet = CliRunner().invoke(plan_compare, [*args, "--workers", "1", "--out", str(tmp_path), "--quiet"])
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_the_exports_count_their_parts(tiny: Path, tmp_path: Path) -> None:
    from models import load_scenario
    from optimizer import SolveOptions, solve

    scenario = load_scenario(tiny)
    plan = solve(scenario, 2020, SolveOptions(2, 1)).plan
    calls: list[tuple[int, int]] = []
    written = write_exports(
        scenario, plan, tmp_path, formats=("png",), workers=1, progress=lambda *c: calls.append(c)
    )
    parts = calls[0][1]
    assert calls == [(k, parts) for k in range(parts + 1)]
    assert parts >= 3 and len(written) >= parts  # the workbook, the charts, the report


def run_on_a_terminal(args: list[str], seconds: float = 120) -> str:
    """Run ``args`` with standard output and error on a pseudo-terminal; what the terminal received."""
    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    env.pop("NO_COLOR", None)
    child = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower, env=env)
    os.close(follower)
    received, deadline = b"", time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            received += chunk
        child.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if child.poll() is None:
            child.kill()
        os.close(leader)
    assert child.returncode == 0, received.decode(errors="replace")
    return received.decode(errors="replace")


def test_plan_annual_on_a_terminal_draws_bars(tiny: Path, tmp_path: Path) -> None:
    command = "from optimizer.cli.annual import plan_annual; plan_annual()"
    args = ["--year", "2020", "--scenario", str(tiny), "--time-limit", "2", "--workers", "1", "--no-exports"]
    screen = run_on_a_terminal([sys.executable, "-c", command, *args, "--out", str(tmp_path / "plan")])
    assert "\r" in screen and ESCAPE.search(screen)  # redrawn in place
    text = CONTROL.sub("", screen)
    assert re.search(r"✓ reading \S+ ━+ 1/1 ", text)
    assert re.search(r"⠋ solving ━+ 0/2 s ", text)  # the timed bar, at the start
    assert re.search(r"✓ solving ━+ 2/2 s ", text)  # and full at the end
    assert "\nprepared 2 cadres" in text.replace("\r", "\n")  # the lines still come, above the bar
    assert "plan written to" in text


def test_an_answering_command_reads_with_a_bar_on_a_terminal_and_silently_when_captured(tiny: Path) -> None:
    from optimizer.cli.obligations import plan_obligations

    args = ["--year", "2020", "--scenario", str(tiny), "--lang", "en"]
    captured = CliRunner().invoke(plan_obligations, args)
    assert captured.exit_code == 0, captured.output
    assert captured.stderr == ""  # the answer is the output; nothing else
    command = "from optimizer.cli.obligations import plan_obligations; plan_obligations()"
    text = CONTROL.sub("", run_on_a_terminal([sys.executable, "-c", command, *args]))
    assert re.search(r"✓ reading \S+ ━+ 1/1 ", text)
    assert captured.stdout.splitlines()[0] in text
    quiet = run_on_a_terminal([sys.executable, "-c", command, *args, "--quiet"])
    assert "━" not in quiet and "reading" not in quiet
