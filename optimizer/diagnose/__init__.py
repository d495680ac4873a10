"""optimizer.diagnose."""
