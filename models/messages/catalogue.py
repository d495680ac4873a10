"""The one message catalogue: every sentence of the product by key, in Chinese and English.

Its parts live beside the code they word (obligations, blocking rules, shortfalls, conflicts,
changes, what-ifs, and the common words); a key is in exactly one part.
"""

from __future__ import annotations

from models.messages import blocks, changes, closing, conflicts, obligations, shortfalls, whatif, words
from models.messages import page as page_words
from models.messages import workbook as workbook_words
from models.messages.texts import Texts

PARTS = (
    words,
    obligations,
    blocks,
    shortfalls,
    conflicts,
    changes,
    whatif,
    workbook_words,
    closing,
    page_words,
)


def _catalogue() -> dict[str, Texts]:
    found: dict[str, Texts] = {}
    for part in PARTS:
        twice = found.keys() & part.TEXTS.keys()
        if twice:
            raise ValueError(f"message keys in two parts of the catalogue: {sorted(twice)}")
        found.update(part.TEXTS)
    return found


CATALOGUE = _catalogue()
