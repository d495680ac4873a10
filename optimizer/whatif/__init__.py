"""optimizer.whatif."""
