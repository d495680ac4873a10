"""optimizer.prepare."""
