"""Printing a workbook as a user would: LibreOffice headless to PDF, then the text of every page.

Tests that print call :func:`printed_pages`, which skips the test when ``soffice`` (LibreOffice)
or ``pdftotext`` (poppler-utils) is missing; CI installs both (``.ci/run``).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def printed_pages(workbooks: list[Path], out: Path) -> dict[Path, list[str]]:
    """The text of every printed page of each workbook (``pdftotext -layout``), by workbook.

    The workbooks are converted in one ``soffice`` call, with a profile of its own in ``out``
    (never a user's, never locked by another LibreOffice).
    """
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    if soffice is None or pdftotext is None:
        pytest.skip("LibreOffice (soffice) or poppler-utils (pdftotext) is not installed")
    profile = f"-env:UserInstallation={(out / 'profile').as_uri()}"
    command = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(out)]
    subprocess.run([*command, *map(str, workbooks)], check=True, capture_output=True, timeout=900)
    pages = {}
    for workbook in workbooks:
        pdf = out / (workbook.stem + ".pdf")
        text = subprocess.run(
            [pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        pages[workbook] = text.split("\f")[:-1]
    return pages


def lines(page: str) -> list[str]:
    """The lines of a page that hold anything."""
    return [line for line in page.splitlines() if line.strip()]


def sheet_of(page: str, titles: list[str]) -> str | None:
    """The sheet whose title heads ``page`` (the page header's first line), ``None`` if none does."""
    head = lines(page)[0].split() if lines(page) else []
    return next((title for title in titles if title in head), None)


def footer(page: str) -> str:
    """The page's last line without blanks: where the footer numbers it (``第3页``)."""
    return "".join(lines(page)[-1].split()) if lines(page) else ""
