"""Parsers for one CSV cell each; they raise ``ValueError`` with a plain message."""

from __future__ import annotations

import math
import re
from datetime import date
from enum import Enum
from typing import TypeVar

E = TypeVar("E", bound=Enum)

TRUE_WORDS = frozenset({"true", "1", "yes"})
FALSE_WORDS = frozenset({"false", "0", "no"})
EARLIEST_YEAR = 1950
LATEST_YEAR = 2100
DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(text: str) -> date:
    """``YYYY-MM-DD`` between 1950 and 2100."""
    if not DATE_PATTERN.fullmatch(text):
        raise ValueError("expected a date written YYYY-MM-DD, such as 2020-03-02")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError("no such day in the calendar") from None
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise ValueError(f"year outside {EARLIEST_YEAR}-{LATEST_YEAR}")
    return day


def parse_bool(text: str) -> bool:
    word = text.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError("expected true or false (or 1 or 0)")


def parse_number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError("expected a number") from None
    if not math.isfinite(value):
        raise ValueError("expected a finite number")
    return value


def parse_int(text: str, minimum: int = 0, maximum: int = 10**12) -> int:
    """A whole number in ``[minimum, maximum]`` (``12.0`` is accepted as 12)."""
    value = parse_number(text)
    if value != int(value):
        raise ValueError("expected a whole number")
    if value < minimum:
        raise ValueError("cannot be negative" if minimum == 0 else f"expected at least {minimum}")
    if value > maximum:
        raise ValueError(f"expected at most {maximum}")
    return int(value)


def parse_share(text: str) -> float:
    value = parse_number(text)
    if not 0.0 <= value <= 1.0:
        raise ValueError("expected a share from 0 to 1 (such as 0.3)")
    return value


def parse_hours(text: str) -> float:
    value = parse_number(text)
    if value < 0:
        raise ValueError("hours cannot be negative")
    if value > 10_000:
        raise ValueError("expected at most 10000 hours")
    return value


def _label(kind: type[Enum]) -> str:
    """``InstitutionKind`` -> ``institution kind``."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", kind.__name__).lower()


def parse_enum(text: str, kind: type[E]) -> E:
    try:
        return kind(text)
    except ValueError:
        allowed = "|".join(str(member.value) for member in kind)
        raise ValueError(f"unknown {_label(kind)} {text!r}; expected one of {allowed}") from None


def split_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(";") if item.strip()]


def parse_enum_list(text: str, kind: type[E]) -> frozenset[E]:
    return frozenset(parse_enum(item, kind) for item in split_list(text))


def parse_ranges(text: str) -> list[tuple[date, date]]:
    """``YYYY-MM-DD..YYYY-MM-DD`` ranges separated by ``;``."""
    ranges = []
    for item in split_list(text):
        first, sep, last = item.partition("..")
        if not sep:
            raise ValueError(f"range {item!r}: expected ranges written YYYY-MM-DD..YYYY-MM-DD")
        try:
            start, end = parse_date(first.strip()), parse_date(last.strip())
        except ValueError as error:
            raise ValueError(f"range {item!r}: {error}") from None
        if end < start:
            raise ValueError(f"range {item!r} ends before it starts")
        ranges.append((start, end))
    return ranges
