"""The README's pictures (``docs/make_pictures.py``): each one there, small, not blank, and shown."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
PICTURES = ROOT / "docs" / "images"


def test_every_picture_of_the_readme_is_there_small_and_drawn() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"!\[[^\]]*\]\((docs/images/[^)]+)\)", readme)
    assert shown, "the README shows no picture"
    assert sorted(set(shown)) == sorted(p.relative_to(ROOT).as_posix() for p in PICTURES.glob("*.png"))
    for name in shown:
        path = ROOT / name
        assert path.stat().st_size < 300_000, name
        pixels = np.asarray(Image.open(path).convert("L"))
        assert pixels.std() > 10 and len(np.unique(pixels)) > 20, f"{name} looks blank"
