"""Scenario data: the shipped default scenario and the synthetic scenario generator."""

from importlib import resources
from pathlib import Path


def default_scenario() -> Path:
    """The shipped default scenario's folder, whether the project is installed editable or not."""
    return Path(str(resources.files("scenarios") / "default"))
