"""Pseudonyms for cadre names in the filing (``plan-annual --pseudonymize``).

A cadre's name is personal data. A pseudonymized export shows, in place of
each name, a keyed hash of the cadre id such as ``P-K3F9A2CQ``: the same
cadre gets the same pseudonym under the same key (so two years' filings can
be set side by side), and without the key nobody can tell which id, and so
which cadre, a pseudonym stands for. The cadre ids stay, as the plan contract
needs them; the key only decides which pseudonym an id gets.

The key is the department's secret and is never written anywhere but its key
file: ``$CADRE_PLAN_PSEUDONYM_KEY`` when set, else the key file
(``$CADRE_PLAN_PSEUDONYM_KEY_FILE``, default
``$XDG_CONFIG_HOME/cadre-plan/pseudonym.key``, that is
``~/.config/cadre-plan/pseudonym.key``). The first pseudonymized run without
either creates that file with a random 256-bit key, readable by its owner
only (mode 0600). A plan records only the key's fingerprint
(:attr:`Pseudonyms.fingerprint`), so that two filings can be seen to share a key.

Free text taken from the scenario (the reasons of named summons, the notes of
pinned assignments, the shortfall reasons built from them) has every cadre
name in it replaced as well.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import stat
import warnings
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from models import Plan, Scenario
from models.messages import Message, map_strings, message

KEY_VARIABLE = "CADRE_PLAN_PSEUDONYM_KEY"
"""The key itself (any text), for a department that keeps it in its own secret store."""
KEY_FILE_VARIABLE = "CADRE_PLAN_PSEUDONYM_KEY_FILE"
"""Where the key file is, instead of :func:`default_key_file`."""
KEY_BYTES = 32
"""256 bits of a created key, written as 64 hexadecimal characters."""
FINGERPRINT_CHARS = 16
PREFIX = "P-"
NUM_CHARS = 8
"""40 bits: two of 100,000 cadres share a pseudonym with a chance below 1%."""
PSEUDONYMIZED = "pseudonymized"
"""The key of the plan summary that marks a pseudonymized export."""
FINGERPRINT = "pseudonym_key_fingerprint"
"""The key of the plan summary holding the key's fingerprint (never the key)."""
AMBIGUOUS = "***"
"""Written for a name that several cadres share, where free text cannot tell which one is meant."""


class PseudonymKeyError(Exception):
    """The key file cannot be read or made (the message names the file)."""


class PseudonymKeyCreated(UserWarning):
    """A pseudonymized export made a new key file (the library's way of saying it once)."""


def default_key_file(environ: Mapping[str, str] | None = None) -> Path:
    """``$CADRE_PLAN_PSEUDONYM_KEY_FILE``, else ``$XDG_CONFIG_HOME/cadre-plan/pseudonym.key`` (``~/.config``
    when ``XDG_CONFIG_HOME`` is not set)."""
    environ = os.environ if environ is None else environ
    if environ.get(KEY_FILE_VARIABLE):
        return Path(environ[KEY_FILE_VARIABLE]).expanduser()
    config = environ.get("XDG_CONFIG_HOME") or str(Path("~/.config").expanduser())
    return Path(config) / "cadre-plan" / "pseudonym.key"


@dataclass(frozen=True)
class Pseudonyms:
    """The pseudonym of a cadre id: ``P-`` and 8 base-32 characters of an HMAC-SHA256 of the id.

    ``key`` is left out of ``repr`` so that no log or traceback shows it.
    """

    key: bytes = field(repr=False)
    source: str = ""
    """Where the key came from: the environment variable's name or the key file's path."""
    created: bool = False
    """The key file was made by :meth:`from_environment` just now."""

    def __post_init__(self) -> None:
        if not self.key:
            raise ValueError("a pseudonym key may not be empty")

    @classmethod
    def from_environment(cls, key_file: Path | None = None) -> Pseudonyms:
        """Keyed by ``$CADRE_PLAN_PSEUDONYM_KEY`` when it is set and not empty, else by the key file.

        The key file is ``key_file``, else :func:`default_key_file`; it is
        created, with a random 256-bit key and mode 0600, when it does not
        exist (``created`` is then true).

        Raises
        ------
        PseudonymKeyError
            When the key file cannot be read or made, or holds no key.
        """
        key = os.environ.get(KEY_VARIABLE, "")
        if key:
            return cls(key.encode("utf-8"), KEY_VARIABLE)
        path = key_file or default_key_file()
        key_bytes, created = read_or_create_key(path)
        return cls(key_bytes, str(path), created)

    @property
    def fingerprint(self) -> str:
        """The first 16 hex characters of the key's SHA-256: alike for the same key, no way back to it."""
        return hashlib.sha256(self.key).hexdigest()[:FINGERPRINT_CHARS]

    def notice(self) -> Message | None:
        """What to tell the planner once: the key file that was just made, and that it must be kept."""
        if not self.created:
            return None
        return message("privacy.key_created", path=self.source, fingerprint=self.fingerprint)

    def __call__(self, cadre_id: str) -> str:
        digest = hmac.new(self.key, cadre_id.encode("utf-8"), hashlib.sha256).digest()
        return PREFIX + base64.b32encode(digest).decode("ascii")[:NUM_CHARS]


def read_or_create_key(path: Path) -> tuple[bytes, bool]:
    """The key in ``path`` (its text, stripped), and whether it was made now.

    A missing file is made whole or not at all: the key is written to a
    private temporary file beside it, which is then linked to ``path`` (so two
    runs starting at once agree on one key: the second reads the first's).
    """
    try:
        return _read_key(path), False
    except FileNotFoundError:
        pass
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "w", encoding="ascii") as handle:
                handle.write(secrets.token_hex(KEY_BYTES) + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.link(temporary, path)
            created = True
        except FileExistsError:
            created = False
        finally:
            temporary.unlink(missing_ok=True)
    except OSError as error:
        raise PseudonymKeyError(f"{path}: cannot create the pseudonym key file: {error.strerror}") from error
    return _read_key(path), created


def _read_key(path: Path) -> bytes:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise
    except OSError as error:
        raise PseudonymKeyError(f"{path}: cannot read the pseudonym key file: {error.strerror}") from error
    key = raw.strip()
    if not key:
        raise PseudonymKeyError(f"{path}: the pseudonym key file is empty")
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        warnings.warn(
            f"{path}: the pseudonym key file may be read by other users (mode {stat.S_IMODE(mode):04o}); "
            f"chmod 600 {path}",
            stacklevel=2,
        )
    return key


def pseudonymize(
    scenario: Scenario, plan: Plan, pseudonyms: Pseudonyms | None = None
) -> tuple[Scenario, Plan]:
    """The scenario and plan as a pseudonymized export shows them.

    Parameters
    ----------
    scenario, plan
        The plan and its scenario.
    pseudonyms
        The pseudonym maker (default: :meth:`Pseudonyms.from_environment`, which warns with
        :class:`PseudonymKeyCreated` when it made the key file).

    Returns
    -------
    (Scenario, Plan)
        Copies in which every cadre's name is its pseudonym, the cadres' extra
        columns are dropped, and cadre names inside summons reasons, pin notes
        and shortfall reasons are replaced. Ids, dates and figures are unchanged;
        the plan's summary gains ``"pseudonymized": True`` so the filing says so,
        and the key's fingerprint.
    """
    if pseudonyms is None:
        pseudonyms = Pseudonyms.from_environment()
        created = pseudonyms.notice()
        if created is not None:
            warnings.warn(str(created), PseudonymKeyCreated, stacklevel=2)
    alias = {c.cadre_id: pseudonyms(c.cadre_id) for c in scenario.cadres}
    scrub = name_scrubber({c.cadre_id: c.name for c in scenario.cadres}, alias)
    cadres = tuple(replace(c, name=alias[c.cadre_id], extra=()) for c in scenario.cadres)
    summons = tuple(replace(s, reason=scrub(s.reason)) for s in scenario.summons)
    pinned = tuple(replace(p, note=scrub(p.note)) for p in scenario.pinned)
    shortfalls = tuple(replace(s, reason=map_strings(s.reason, scrub)) for s in plan.shortfalls)
    return (
        scenario.replace(cadres=cadres, summons=summons, pinned=pinned),
        replace(plan, shortfalls=shortfalls, summary={**plan.summary, **pseudonymized(pseudonyms)}),
    )


def pseudonymized(pseudonyms: Pseudonyms) -> dict[str, object]:
    """What ``summary.json`` says of a pseudonymized filing: that it is, and the key's fingerprint."""
    return {PSEUDONYMIZED: True, FINGERPRINT: pseudonyms.fingerprint}


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
