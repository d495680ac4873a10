"""``python -m scenarios.generator``: run the command."""

from scenarios.generator.cli import main

main()
