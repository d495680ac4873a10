"""optimizer.highs."""
