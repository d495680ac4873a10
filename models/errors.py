"""The one error type of bad input, naming file, row, column and value."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in the input.

    ``row`` is the line number a spreadsheet shows (the header is line 1),
    or ``None`` when the problem is about a whole file or column.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column!r}"
        if self.value is not None:
            where += f", value {self.value!r}"
        return f"{where}: {self.message}"


class ScenarioError(ValueError):
    """Raised with every problem of a scenario found in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self._text())

    def _text(self) -> str:
        head = f"{len(self.problems)} problem(s) in the scenario:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


class Collector:
    """Gathers problems so that one run reports them all together."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(
        self,
        file: str,
        row: int | None,
        column: str | None,
        value: object,
        message: str,
    ) -> None:
        text = None if value is None else str(value)
        self.problems.append(Problem(file, row, column, text, message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise ScenarioError(self.problems)
