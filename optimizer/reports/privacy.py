"""Pseudonyms for cadre names in the filing (``plan-annual --pseudonymize``).

A cadre's name is personal data. A pseudonymized export shows, in place of
each name, a keyed hash of the cadre id such as ``P-K3F9A2CQ``: the same
cadre gets the same pseudonym in every run (so two years' filings can be set
side by side) and nothing in the output leads back to the name. The cadre ids
stay, as the plan contract needs them; the key only decides which pseudonym an
id gets. It is read from the environment variable ``CADRE_PLAN_PSEUDONYM_KEY``
when set (a department's own key makes its pseudonyms unlike anyone else's),
else a fixed key of the product is used.

Free text taken from the scenario (the reasons of named summons, the notes of
pinned assignments, the shortfall reasons built from them) has every cadre
name in it replaced as well.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from models import Plan, Scenario
from models.messages import map_strings

KEY_VARIABLE = "CADRE_PLAN_PSEUDONYM_KEY"
DEFAULT_KEY = b"cadre-plan pseudonyms 1"
PREFIX = "P-"
NUM_CHARS = 8
"""40 bits: two of 100,000 cadres share a pseudonym with a chance below 1%."""
PSEUDONYMIZED = "pseudonymized"
"""The key of the plan summary that marks a pseudonymized export."""
AMBIGUOUS = "***"
"""Written for a name that several cadres share, where free text cannot tell which one is meant."""


@dataclass(frozen=True)
class Pseudonyms:
    """The pseudonym of a cadre id: ``P-`` and 8 base-32 characters of an HMAC-SHA256 of the id."""

    key: bytes = DEFAULT_KEY

    @classmethod
    def from_environment(cls) -> Pseudonyms:
        """Keyed by ``$CADRE_PLAN_PSEUDONYM_KEY`` when it is set and not empty, else by the default key."""
        key = os.environ.get(KEY_VARIABLE, "")
        return cls(key.encode("utf-8")) if key else cls()

    def __call__(self, cadre_id: str) -> str:
        digest = hmac.new(self.key, cadre_id.encode("utf-8"), hashlib.sha256).digest()
        return PREFIX + base64.b32encode(digest).decode("ascii")[:NUM_CHARS]


def pseudonymize(
    scenario: Scenario, plan: Plan, pseudonyms: Pseudonyms | None = None
) -> tuple[Scenario, Plan]:
    """The scenario and plan as a pseudonymized export shows them.

    Parameters
    ----------
    scenario, plan
        The plan and its scenario.
    pseudonyms
        The pseudonym maker (default: :meth:`Pseudonyms.from_environment`).

    Returns
    -------
    (Scenario, Plan)
        Copies in which every cadre's name is its pseudonym, the cadres' extra
        columns are dropped, and cadre names inside summons reasons, pin notes
        and shortfall reasons are replaced. Ids, dates and figures are unchanged;
        the plan's summary gains ``"pseudonymized": True`` so the filing says so.
    """
    pseudonyms = pseudonyms or Pseudonyms.from_environment()
    alias = {c.cadre_id: pseudonyms(c.cadre_id) for c in scenario.cadres}
    scrub = name_scrubber({c.cadre_id: c.name for c in scenario.cadres}, alias)
    cadres = tuple(replace(c, name=alias[c.cadre_id], extra=()) for c in scenario.cadres)
    summons = tuple(replace(s, reason=scrub(s.reason)) for s in scenario.summons)
    pinned = tuple(replace(p, note=scrub(p.note)) for p in scenario.pinned)
    shortfalls = tuple(replace(s, reason=map_strings(s.reason, scrub)) for s in plan.shortfalls)
    return (
        scenario.replace(cadres=cadres, summons=summons, pinned=pinned),
        replace(plan, shortfalls=shortfalls, summary={**plan.summary, PSEUDONYMIZED: True}),
    )


def name_scrubber(name_by_id: dict[str, str], alias: dict[str, str]) -> Callable[[str], str]:
    """A function replacing every name of ``name_by_id`` in a text by that cadre's alias.

    At each place the longest name found is replaced (so 欧阳明 is not read
    as 欧阳); a name that several cadres share becomes :data:`AMBIGUOUS`. A
    scan with dictionary look-ups rather than one regular expression of all
    names, which is slow to compile for a large scenario.
    """
    holders = Counter(name for name in name_by_id.values() if name)
    replacement = {
        name: alias[cadre_id] if holders[name] == 1 else AMBIGUOUS
        for cadre_id, name in name_by_id.items()
        if name
    }
    lengths = sorted({len(name) for name in replacement}, reverse=True)
    first_chars = {name[0] for name in replacement}

    def scrub(text: str) -> str:
        if not text or not first_chars.intersection(text):
            return text
        pieces: list[str] = []
        k = 0
        while k < len(text):
            found = text[k] in first_chars and next(
                (text[k : k + n] for n in lengths if text[k : k + n] in replacement), None
            )
            if found:
                pieces.append(replacement[found])
                k += len(found)
            else:
                pieces.append(text[k])
                k += 1
        return "".join(pieces)

    return scrub
