"""The pseudonym key of ``--pseudonymize``, for the commands that pseudonymize (plan-annual, plan-notices)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from optimizer.cli.common import EXIT_USAGE
from optimizer.reports.privacy import PseudonymKeyError, Pseudonyms

key_file_option = click.option(
    "--pseudonym-key-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The pseudonym key file (default $CADRE_PLAN_PSEUDONYM_KEY_FILE, "
    "else $XDG_CONFIG_HOME/cadre-plan/pseudonym.key); made with a random key, mode 0600, if missing.",
)
PSEUDONYMIZE_HELP = "key: $CADRE_PLAN_PSEUDONYM_KEY, else the key file, made on first use"


def pseudonym_key(key_file: Path | None, lang: str) -> Pseudonyms:
    """The pseudonym key (the environment's, else the key file's, made when missing), or exit 2 naming the
    file; says once that a key file was made. The key itself is never printed."""
    try:
        pseudonyms = Pseudonyms.from_environment(key_file)
    except PseudonymKeyError as error:
        click.echo(f"--pseudonymize: {error}", err=True)
        sys.exit(EXIT_USAGE)
    notice = pseudonyms.notice()
    if notice is not None:
        click.echo(notice.text(lang), err=True)
    return pseudonyms
