"""optimizer.check.checker."""
