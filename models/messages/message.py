"""A sentence as a value: a catalogue key and the facts it states, rendered in Chinese or English.

Reasons are built where the facts are known (an obligation, a shortfall, a conflict) and rendered
where they are written, in the language of the writer; ``str()`` gives English. Texts read back
from a file, or written by a planner (a summons reason), stay plain strings: :func:`render`
takes either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Union

from models.messages.catalogue import CATALOGUE
from models.messages.texts import Plural

LANGS = ("zh", "en")

Value = Union[str, int, float, date, "Message", "Joined"]
"""A fact of a message: numbers and dates are formatted by the template, messages rendered first."""


@dataclass(frozen=True, order=True, slots=True)
class Message:
    """One sentence of the catalogue (:data:`models.messages.catalogue.CATALOGUE`) with its facts."""

    key: str
    params: tuple[tuple[str, Value], ...] = ()

    def text(self, lang: str = "en") -> str:
        """The sentence in ``lang`` (``zh`` or ``en``)."""
        values = {name: render(value, lang) for name, value in self.params}
        return _template(self.key, lang, values.get("n")).format(**values)

    def __str__(self) -> str:
        return self.text("en")


@dataclass(frozen=True, order=True, slots=True)
class Joined:
    """Sentences put one after the other with the separator of the catalogue's ``sep.<sep>``."""

    items: tuple[Text, ...]
    sep: str = "semicolon"

    def text(self, lang: str = "en") -> str:
        return _template(f"sep.{self.sep}", lang).join(text_of(item, lang) for item in self.items)

    def __str__(self) -> str:
        return self.text("en")


Text = Union[str, Message, Joined]
"""What a reason holds: a catalogue sentence, or plain text (read from a file, or a planner's words)."""


def message(key: str, **params: Value) -> Message:
    """The sentence ``key`` of the catalogue stating ``params``; an unknown key fails here, not later."""
    if key not in CATALOGUE:
        raise KeyError(f"no message {key!r} in the catalogue")
    return Message(key, tuple(params.items()))


def joined(items: Iterable[Text], sep: str = "semicolon") -> Joined:
    """``items`` joined by the separator ``sep`` of the catalogue (``sep.<sep>``)."""
    if f"sep.{sep}" not in CATALOGUE:
        raise KeyError(f"no separator {sep!r} in the catalogue")
    return Joined(tuple(items), sep)


def render(value: object, lang: str) -> object:
    """A message in ``lang``; any other value as it is (numbers keep their type for the template)."""
    if isinstance(value, Message | Joined):
        return value.text(lang)
    return value


def text_of(value: Text, lang: str = "en") -> str:
    """A reason in ``lang``: a message rendered, plain text as it is."""
    return value if isinstance(value, str) else value.text(lang)


def map_strings(value: Text, change: Callable[[str], str]) -> Text:
    """``value`` with ``change`` applied to every plain string in it (a planner's words, ids, names)."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, Joined):
        return Joined(tuple(map_strings(item, change) for item in value.items), value.sep)
    return Message(
        value.key,
        tuple(
            (name, map_strings(fact, change) if isinstance(fact, str | Message | Joined) else fact)
            for name, fact in value.params
        ),
    )


def check_lang(lang: str) -> str:
    """``lang`` when it is one of :data:`LANGS`; else ``ValueError``."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    return lang


def _template(key: str, lang: str, count: object = None) -> str:
    entry = CATALOGUE[key]
    chosen = entry.zh if check_lang(lang) == "zh" else entry.en
    if isinstance(chosen, Plural):
        return chosen.one if count == 1 else chosen.many
    return chosen
