"""optimizer.cli.annual."""
