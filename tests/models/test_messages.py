"""The message catalogue: every sentence in Chinese and English, with the same facts, rendered as values."""

from __future__ import annotations

import re
import string
from datetime import date

import pytest

from models import Category, Rank, Reason, Rule
from models.changes import Action
from models.messages import CATALOGUE, Joined, Message, check_lang, joined, map_strings, message, text_of
from models.messages.texts import Plural
from optimizer.pipeline.result import SolveStatus
from optimizer.prepare.usage import Block

ENGLISH_PHRASE = re.compile(r"[A-Za-z]{2,}(?: +[A-Za-z]{2,})+")
"""Two ASCII words or more in a row: English where Chinese was meant."""
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _forms(template: str | Plural) -> tuple[str, ...]:
    return tuple(template) if isinstance(template, Plural) else (template,)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_both_languages_state_the_same_facts(key: str) -> None:
    texts = CATALOGUE[key]
    fields = {form: _fields(form) for form in _forms(texts.zh) + _forms(texts.en)}
    assert len({frozenset(f) for f in fields.values()}) == 1, fields


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_chinese_has_no_english_phrase_and_english_no_chinese(key: str) -> None:
    texts = CATALOGUE[key]
    for form in _forms(texts.zh):
        assert not ENGLISH_PHRASE.search(re.sub(r"\{[^}]*\}", "", form)), form
    for form in _forms(texts.en):
        assert not CJK.search(form), form


@pytest.mark.parametrize(
    ("prefix", "values"),
    [
        ("rank.", [r.value for r in Rank]),
        ("category.", [c.value for c in Category]),
        ("rule.", [r.value for r in Rule]),
        ("served.", [r.value for r in Reason]),
        ("kind.", [b.value for b in Block]),
        ("block.", [f"{b.value}.counted" for b in Block] + [f"{b.value}.sentence" for b in Block]),
        ("solve_status.", [s.value for s in SolveStatus]),
        ("change.", [a.value for a in Action]),
    ],
)
def test_every_value_the_code_words_by_name_has_its_entry(prefix: str, values: list[str]) -> None:
    # The code builds these keys from enum values: each value needs its entry.
    assert [v for v in values if prefix + v not in CATALOGUE] == []


def test_a_message_renders_in_either_language_and_str_is_english() -> None:
    reason = message("obligation.R2", rank=message("rank.staff"), hours=90, done=40.0, year=2020, owed=50)
    assert str(reason) == "staff cadre: 90 h due each year, 40 h done in 2020; 50 h owed"
    assert reason.text("zh") == "科员及以下干部:每年应完成脱产培训90学时,2020年已完成40学时;本年度尚欠50学时"
    assert f"{reason}" == str(reason) == text_of(reason)


def test_plurals_follow_n_in_english_only() -> None:
    assert str(message("subject.seats", session="S1", n=1)) == "session S1 (1 seat)"
    assert str(message("subject.seats", session="S1", n=3)) == "session S1 (3 seats)"
    assert message("subject.seats", session="S1", n=3).text("zh") == "班次S1(3个名额)"


def test_joined_texts_take_the_separator_of_the_language() -> None:
    parts = joined([message("block.full.counted"), "S2"])
    assert (str(parts), parts.text("zh")) == ("full; S2", "名额已满;S2")
    assert joined(["C1", "C2"], "comma").text("zh") == "C1、C2"
    assert isinstance(parts, Joined) and text_of("plain text", "zh") == "plain text"


def test_numbers_and_dates_keep_their_format() -> None:
    budget = message("subject.budget", total=1000)
    assert (str(budget), budget.text("zh")) == ("total 1,000 yuan", "合计1,000元")
    due = message("obligation.R6", promoted=date(2019, 3, 15), deadline=date(2020, 3, 15))
    assert "2020-03-15" in due.text("zh") and "2020-03-15" in str(due)


def test_messages_are_values() -> None:
    one = message("subject.cadre", cadre="C1")
    assert one == Message("subject.cadre", (("cadre", "C1"),)) and hash(one) == hash(
        message("subject.cadre", cadre="C1")
    )
    assert sorted([message("subject.cadre", cadre="C2"), one]) == [one, message("subject.cadre", cadre="C2")]


def test_plain_strings_inside_a_message_can_be_changed() -> None:
    # Pseudonymizing a reason replaces names in the planner's words, never in the catalogue's.
    why = message(
        "obligation.R7", organiser="city_org", why=message("obligation.R7.why", reason="王明须参加")
    )
    hidden = map_strings(why, lambda text: text.replace("王明", "P-1"))
    assert hidden.text("zh") == "点名调训(调训单位city_org):P-1须参加"


def test_an_unknown_key_or_language_fails_at_once() -> None:
    with pytest.raises(KeyError, match="no message"):
        message("no.such.key")
    with pytest.raises(ValueError, match="unknown language"):
        check_lang("fr")
    with pytest.raises(ValueError, match="unknown language"):
        message("whynot.met").text("fr")
