"""The shape of a catalogue entry: one sentence in Chinese and in English."""

from __future__ import annotations

from typing import NamedTuple


class Plural(NamedTuple):
    """A sentence that reads differently for one and for many: chosen by the message's ``n``."""

    one: str
    many: str


class Texts(NamedTuple):
    """One entry of the catalogue: ``str.format`` templates in both languages, with the same fields."""

    zh: str | Plural
    en: str | Plural
