"""optimizer.pipeline."""
